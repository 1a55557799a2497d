import type { Catalogue } from './catalogue';

/** Spanish. */
export const es: Catalogue = {
  lang: 'es',
  dir: 'ltr',
  messages: {
    preparing: 'Preparando tu código de inicio de sesión…',
    scanPrompt: 'Escanea este código con la aplicación del móvil en la que tienes la sesión iniciada.',
    qrAlt: 'Código QR para iniciar sesión. ¿Sin cámara? Escribe el código {userCode} en la aplicación.',
    userCode: '¿Sin cámara? Escribe {userCode} en la aplicación.',
    sameDevice: '¿Ya estás en el móvil? Abre la aplicación',
    someone: 'tu móvil',
    scannedBy: 'Escaneado por {name}.',
    pickCode: 'Elige {checkCode} en tu móvil',
    confirmOnPhone: 'Confirma en tu móvil para iniciar sesión.',
    confirmed: '{name} lo ha confirmado. Iniciando sesión…',
    signedIn: 'Sesión iniciada como {name}.',
    declined: 'Lo has rechazado en tu móvil. Escanea el nuevo código para volver a intentarlo.',
    wrongCheckCode:
      'En tu móvil se eligió otro número, así que este inicio de sesión se detuvo por seguridad. Escanea el nuevo código para volver a intentarlo.',
    denied: 'Este inicio de sesión se detuvo en tu móvil. Escanea el nuevo código para volver a intentarlo.',
    expired: 'Ese código ha caducado. Escanea el nuevo.',
    cancelled: 'Se ha cancelado este inicio de sesión.',
    newCode: 'Mostrar un código nuevo',
    networkError: 'No se puede acceder al servicio de inicio de sesión. Revisa tu conexión y vuelve a intentarlo.',
    corsError:
      'Esta página no tiene permiso para usar el servicio de inicio de sesión. El administrador del sitio debe permitirlo.',
    timeoutError: 'El servicio de inicio de sesión no respondió a tiempo. Vuelve a intentarlo.',
    busyError: 'El servicio de inicio de sesión está ocupado. Vuelve a intentarlo en un momento.',
    failedError: 'No se pudo iniciar sesión. Vuelve a intentarlo.',
    retry: 'Reintentar',
  },
};
