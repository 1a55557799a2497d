import type { Catalogue } from './catalogue';

/** Simplified Chinese. */
export const zhCN: Catalogue = {
  lang: 'zh-CN',
  dir: 'ltr',
  messages: {
    app: '应用',
    namedApp: '{name} 应用',
    scanTitle: '在{app}中打开',
    scanHeading: '请在{app}中打开此二维码',
    scanLead: '此登录二维码需要使用{app}。请打开应用，用它扫描另一块屏幕上的二维码，然后在应用中确认登录。',
    noAppYet: '还没有安装？',
    homeTitle: '登录服务',
    homeLead: '此服务让你用{app}登录网站。请从网站的登录页面开始。',
  },
};
