import type { Catalogue } from './catalogue';

/** French. */
export const fr: Catalogue = {
  lang: 'fr',
  dir: 'ltr',
  messages: {
    preparing: 'Préparation de votre code de connexion…',
    scanPrompt: "Scannez ce code avec l'application de votre téléphone dans laquelle vous êtes connecté.",
    qrAlt: "QR code de connexion. Pas d'appareil photo ? Saisissez le code {userCode} dans l'application.",
    userCode: "Pas d'appareil photo ? Saisissez {userCode} dans l'application.",
    sameDevice: "Déjà sur votre téléphone ? Ouvrir l'application",
    someone: 'votre téléphone',
    scannedBy: 'Scanné par {name}.',
    pickCode: 'Choisissez {checkCode} sur votre téléphone',
    confirmOnPhone: 'Confirmez sur votre téléphone pour vous connecter.',
    confirmed: '{name} a confirmé. Connexion en cours…',
    signedIn: 'Connecté en tant que {name}.',
    declined: 'Vous avez refusé sur votre téléphone. Scannez le nouveau code pour réessayer.',
    wrongCheckCode:
      'Un autre nombre a été choisi sur votre téléphone : la connexion a donc été arrêtée par sécurité. Scannez le nouveau code pour réessayer.',
    denied: 'Cette connexion a été arrêtée sur votre téléphone. Scannez le nouveau code pour réessayer.',
    expired: 'Ce code a expiré. Scannez le nouveau.',
    cancelled: 'Cette connexion a été annulée.',
    newCode: 'Afficher un nouveau code',
    networkError: 'Le service de connexion est injoignable. Vérifiez votre connexion, puis réessayez.',
    corsError:
      "Cette page n'est pas autorisée à utiliser le service de connexion. L'administrateur du site doit l'autoriser.",
    timeoutError: "Le service de connexion n'a pas répondu à temps. Réessayez.",
    busyError: 'Le service de connexion est surchargé. Réessayez dans un instant.',
    failedError: "La connexion n'a pas abouti. Réessayez.",
    retry: 'Réessayer',
  },
};
