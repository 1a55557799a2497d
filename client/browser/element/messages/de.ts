import type { Catalogue } from './catalogue';

/** German. */
export const de: Catalogue = {
  lang: 'de',
  dir: 'ltr',
  messages: {
    preparing: 'Ihr Anmeldecode wird vorbereitet…',
    scanPrompt: 'Scannen Sie diesen Code mit der App, in der Sie auf dem Handy angemeldet sind.',
    qrAlt: 'QR-Code zur Anmeldung. Keine Kamera? Geben Sie den Code {userCode} in der App ein.',
    userCode: 'Keine Kamera? Geben Sie {userCode} in der App ein.',
    sameDevice: 'Schon auf dem Handy? App öffnen',
    someone: 'Ihr Handy',
    scannedBy: 'Gescannt von {name}.',
    pickCode: 'Wählen Sie {checkCode} auf Ihrem Handy',
    confirmOnPhone: 'Bestätigen Sie die Anmeldung auf Ihrem Handy.',
    confirmed: '{name} hat bestätigt. Sie werden angemeldet…',
    signedIn: 'Angemeldet als {name}.',
    declined: 'Sie haben auf dem Handy abgelehnt. Scannen Sie den neuen Code, um es erneut zu versuchen.',
    wrongCheckCode:
      'Auf dem Handy wurde eine andere Zahl gewählt, deshalb wurde die Anmeldung zur Sicherheit abgebrochen. Scannen Sie den neuen Code, um es erneut zu versuchen.',
    denied: 'Diese Anmeldung wurde auf dem Handy beendet. Scannen Sie den neuen Code, um es erneut zu versuchen.',
    expired: 'Dieser Code ist abgelaufen. Scannen Sie den neuen.',
    cancelled: 'Diese Anmeldung wurde abgebrochen.',
    newCode: 'Neuen Code anzeigen',
    networkError: 'Der Anmeldedienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    corsError: 'Diese Seite darf den Anmeldedienst nicht nutzen. Die Betreiber der Website müssen das erlauben.',
    timeoutError: 'Der Anmeldedienst hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut.',
    busyError: 'Der Anmeldedienst ist ausgelastet. Versuchen Sie es gleich noch einmal.',
    failedError: 'Die Anmeldung hat nicht geklappt. Versuchen Sie es erneut.',
    retry: 'Erneut versuchen',
  },
};
