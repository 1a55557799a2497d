import type { Catalogue } from './catalogue';

/** Japanese. */
export const ja: Catalogue = {
  lang: 'ja',
  dir: 'ltr',
  messages: {
    app: 'アプリ',
    namedApp: '{name} アプリ',
    scanTitle: '{app}で開く',
    scanHeading: 'このコードを{app}で開いてください',
    scanLead:
      'このサインイン用コードは{app}専用です。アプリを開き、もう一方の画面のコードをアプリで読み取って、アプリでサインインを確認してください。',
    noAppYet: 'まだインストールしていませんか？',
    homeTitle: 'サインインサービス',
    homeLead:
      'このサービスでは、{app}を使ってウェブサイトにサインインできます。ウェブサイトのログインページから始めてください。',
  },
};
