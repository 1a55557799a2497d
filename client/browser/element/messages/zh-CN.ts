import type { Catalogue } from './catalogue';

/** Simplified Chinese. */
export const zhCN: Catalogue = {
  lang: 'zh-CN',
  dir: 'ltr',
  messages: {
    preparing: '正在准备登录二维码…',
    scanPrompt: '请用已登录的手机应用扫描此二维码。',
    qrAlt: '用于登录的二维码。无法使用相机？请在应用中输入代码 {userCode}。',
    userCode: '无法使用相机？请在应用中输入 {userCode}。',
    sameDevice: '已经在手机上？打开应用',
    someone: '你的手机',
    scannedBy: '已由{name}扫描。',
    pickCode: '请在手机上选择 {checkCode}',
    confirmOnPhone: '请在手机上确认登录。',
    confirmed: '{name}已确认，正在登录…',
    signedIn: '已登录为{name}。',
    declined: '你已在手机上拒绝。请扫描新的二维码重试。',
    wrongCheckCode: '手机上选择了其他数字，为安全起见已停止此次登录。请扫描新的二维码重试。',
    denied: '此次登录已在手机上停止。请扫描新的二维码重试。',
    expired: '该二维码已过期，请扫描新的二维码。',
    cancelled: '此次登录已取消。',
    newCode: '显示新的二维码',
    networkError: '无法连接登录服务。请检查网络连接后重试。',
    corsError: '此页面无权使用登录服务，需要网站管理员开启权限。',
    timeoutError: '登录服务未及时响应，请重试。',
    busyError: '登录服务繁忙，请稍后重试。',
    failedError: '登录未成功，请重试。',
    retry: '重试',
  },
};
