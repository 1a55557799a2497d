import type { Catalogue } from './catalogue';

/** Spanish. */
export const es: Catalogue = {
  lang: 'es',
  dir: 'ltr',
  messages: {
    app: 'aplicación',
    namedApp: 'aplicación {name}',
    scanTitle: 'Abrir en la {app}',
    scanHeading: 'Abre este código en la {app}',
    scanLead:
      'Este código de inicio de sesión es para la {app}. Abre la aplicación, escanea con ella el código de la otra pantalla y confirma allí el inicio de sesión.',
    noAppYet: '¿Todavía no la tienes?',
    homeTitle: 'Servicio de inicio de sesión',
    homeLead:
      'Este servicio te permite iniciar sesión en un sitio web con la {app}. Empieza en la página de inicio de sesión del sitio.',
  },
};
