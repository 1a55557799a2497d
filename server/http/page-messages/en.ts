/**
 * English, the reference: every other language names the same messages. `{app}` is `app` or, with APP_NAME,
 * `namedApp` (`{name}` the app's name); each language writes articles and cases around it in its sentences.
 */
export const en = {
  lang: 'en',
  dir: 'ltr' as const,
  messages: {
    app: 'app',
    namedApp: '{name} app',
    scanTitle: 'Open in the {app}',
    scanHeading: 'Open this code in the {app}',
    scanLead:
      'This sign-in code is for the {app}. Open the app, scan the code on the other screen with it, and confirm the sign-in there.',
    noAppYet: "Don't have it yet?",
    homeTitle: 'Sign-in service',
    homeLead: "This service signs you in on a website with the {app}. Start on the website's login page.",
  },
};
