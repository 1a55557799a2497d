import type { Catalogue } from './catalogue';

/** Portuguese. */
export const pt: Catalogue = {
  lang: 'pt',
  dir: 'ltr',
  messages: {
    app: 'aplicativo',
    namedApp: 'aplicativo {name}',
    scanTitle: 'Abrir no {app}',
    scanHeading: 'Abra este código no {app}',
    scanLead:
      'Este código de acesso é do {app}. Abra o aplicativo, leia com ele o código da outra tela e confirme o acesso por lá.',
    noAppYet: 'Ainda não tem?',
    homeTitle: 'Serviço de acesso',
    homeLead: 'Este serviço faz seu acesso a um site com o {app}. Comece pela página de acesso do site.',
  },
};
