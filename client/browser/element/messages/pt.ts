import type { Catalogue } from './catalogue';

/** Portuguese. */
export const pt: Catalogue = {
  lang: 'pt',
  dir: 'ltr',
  messages: {
    preparing: 'Preparando seu código de acesso…',
    scanPrompt: 'Leia este código com o aplicativo do celular em que você já está conectado.',
    qrAlt: 'Código QR para entrar. Sem câmera? Digite o código {userCode} no aplicativo.',
    userCode: 'Sem câmera? Digite {userCode} no aplicativo.',
    sameDevice: 'Já está no celular? Abra o aplicativo',
    someone: 'seu celular',
    scannedBy: 'Lido por {name}.',
    pickCode: 'Escolha {checkCode} no seu celular',
    confirmOnPhone: 'Confirme no seu celular para entrar.',
    confirmed: '{name} confirmou. Entrando…',
    signedIn: 'Conectado como {name}.',
    declined: 'Você recusou no celular. Leia o novo código para tentar de novo.',
    wrongCheckCode:
      'Outro número foi escolhido no celular, então este acesso foi interrompido por segurança. Leia o novo código para tentar de novo.',
    denied: 'Este acesso foi interrompido no celular. Leia o novo código para tentar de novo.',
    expired: 'Esse código expirou. Leia o novo.',
    cancelled: 'Este acesso foi cancelado.',
    newCode: 'Mostrar um novo código',
    networkError: 'Não foi possível acessar o serviço de login. Verifique sua conexão e tente de novo.',
    corsError: 'Esta página não tem permissão para usar o serviço de login. O administrador do site precisa liberar.',
    timeoutError: 'O serviço de login não respondeu a tempo. Tente de novo.',
    busyError: 'O serviço de login está ocupado. Tente de novo daqui a pouco.',
    failedError: 'Não foi possível entrar. Tente de novo.',
    retry: 'Tentar de novo',
  },
};
