export * from './engine/verification-input';
export * from './certificate/certificate-document';
export * from './engine/run-verification';
