export * from './engine/verification-input';
export * from './certificate/certificate-document';
