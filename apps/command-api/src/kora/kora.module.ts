import { Module } from '@nestjs/common';
import { GetPublicKeyHandler } from './get-public-key/get-public-key.handler';
import { GetPublicKeyHttpController } from './get-public-key/get-public-key.http.controller';

const controllers = [GetPublicKeyHttpController];
const queryHandlers = [GetPublicKeyHandler];

/** KORA over HTTP: what a verifier needs from the service (the signing key). */
@Module({ controllers, providers: [...queryHandlers] })
export class KoraModule {}
