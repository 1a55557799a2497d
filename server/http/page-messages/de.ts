import type { Catalogue } from './catalogue';

/** German. */
export const de: Catalogue = {
  lang: 'de',
  dir: 'ltr',
  messages: {
    app: 'App',
    namedApp: '{name}-App',
    scanTitle: 'In der {app} öffnen',
    scanHeading: 'Öffnen Sie diesen Code in der {app}',
    scanLead:
      'Dieser Anmeldecode gehört zur {app}. Öffnen Sie die App, scannen Sie damit den Code auf dem anderen Bildschirm und bestätigen Sie die Anmeldung dort.',
    noAppYet: 'Noch nicht installiert?',
    homeTitle: 'Anmeldedienst',
    homeLead:
      'Dieser Dienst meldet Sie mit der {app} bei einer Website an. Beginnen Sie auf der Anmeldeseite der Website.',
  },
};
