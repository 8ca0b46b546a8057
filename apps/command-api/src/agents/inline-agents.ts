import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type ArtifactStore,
  EventStore,
  MigrationAgents,
  MigrationCommandStream,
  silentProgress,
  standardPipelineContext,
} from '@sensei/infra';
import type { CertificateSigner } from '@sensei/kora';
import { ARTIFACT_STORE, CERTIFICATE_SIGNER, COMMAND_API_CONFIG } from '../adapters/tokens';
import type { CommandApiConfig } from '../config/command-api.config';

/**
 * With SENSEI_AGENTS=inline the API process also drives migrations: a migration created over
 * HTTP runs through its phases at once, and one interrupted by a restart continues. One process
 * is also what an embedded (PGlite) data directory allows.
 */
@Injectable()
export class InlineAgents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Agents');
  private agents: MigrationAgents | undefined;

  constructor(
    private readonly eventStore: EventStore,
    @Inject(COMMAND_API_CONFIG) private readonly config: CommandApiConfig,
    @Inject(CERTIFICATE_SIGNER) private readonly signer: CertificateSigner,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.agents !== 'inline') return;
    const context = standardPipelineContext({
      commands: new MigrationCommandStream(this.eventStore),
      artifacts: this.artifacts,
      progress: silentProgress,
      actor: 'service:command-api',
      signer: this.signer,
    });
    this.agents = new MigrationAgents(this.eventStore, context, (line) => this.logger.log(line));
    this.agents.start();
  }

  /** For tests: resolves when every migration woken so far is as far as it can go. */
  idle(): Promise<void> {
    return this.agents?.idle() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agents?.stop();
  }
}
