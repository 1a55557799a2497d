import type { Catalogue } from './catalogue';

/** French. */
export const fr: Catalogue = {
  lang: 'fr',
  dir: 'ltr',
  messages: {
    app: 'application',
    namedApp: 'application {name}',
    scanTitle: "Ouvrir dans l'{app}",
    scanHeading: "Ouvrez ce code dans l'{app}",
    scanLead:
      "Ce code de connexion est destiné à l'{app}. Ouvrez-la, scannez avec elle le code affiché sur l'autre écran, puis confirmez la connexion.",
    noAppYet: 'Vous ne l’avez pas encore ?',
    homeTitle: 'Service de connexion',
    homeLead: "Ce service vous connecte à un site web avec l'{app}. Commencez sur la page de connexion du site.",
  },
};
