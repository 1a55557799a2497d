import type { Catalogue } from './catalogue';

/** Arabic. */
export const ar: Catalogue = {
  lang: 'ar',
  dir: 'rtl',
  messages: {
    app: 'التطبيق',
    namedApp: 'تطبيق {name}',
    scanTitle: 'افتح في {app}',
    scanHeading: 'افتح هذا الرمز في {app}',
    scanLead:
      'رمز تسجيل الدخول هذا مخصص لـ{app}. افتح التطبيق، وامسح به الرمز الظاهر على الشاشة الأخرى، ثم أكّد تسجيل الدخول هناك.',
    noAppYet: 'ليس لديك التطبيق بعد؟',
    homeTitle: 'خدمة تسجيل الدخول',
    homeLead: 'تتيح لك هذه الخدمة تسجيل الدخول إلى موقع ويب باستخدام {app}. ابدأ من صفحة تسجيل الدخول في الموقع.',
  },
};
