import type { Catalogue } from './catalogue';

/** Japanese. */
export const ja: Catalogue = {
  lang: 'ja',
  dir: 'ltr',
  messages: {
    preparing: 'サインイン用のコードを準備しています…',
    scanPrompt: 'サインイン済みのスマートフォンのアプリで、このコードを読み取ってください。',
    qrAlt: 'サインイン用のQRコード。カメラが使えない場合は、アプリでコード {userCode} を入力してください。',
    userCode: 'カメラが使えない場合は、アプリで {userCode} を入力してください。',
    sameDevice: 'すでにスマートフォンをお使いですか？アプリを開く',
    someone: 'お使いのスマートフォン',
    scannedBy: '{name} さんが読み取りました。',
    pickCode: 'スマートフォンで {checkCode} を選んでください',
    confirmOnPhone: 'スマートフォンで確認するとサインインします。',
    confirmed: '{name} さんが確認しました。サインインしています…',
    signedIn: '{name} さんとしてサインインしました。',
    denied:
      'サインインできませんでした。スマートフォンで拒否されたか、別の数字が選ばれました。もう一度試すには、新しいコードを読み取ってください。',
    expired: 'このコードは期限切れです。新しいコードを読み取ってください。',
    cancelled: 'このサインインはキャンセルされました。',
    newCode: '新しいコードを表示',
    networkError: 'サインインサービスに接続できません。接続を確認して、もう一度お試しください。',
    corsError: 'このページはサインインサービスを利用できません。サイトの管理者による許可が必要です。',
    timeoutError: 'サインインサービスから時間内に応答がありませんでした。もう一度お試しください。',
    busyError: 'サインインサービスが混み合っています。しばらくしてからもう一度お試しください。',
    failedError: 'サインインできませんでした。もう一度お試しください。',
    retry: '再試行',
  },
};
