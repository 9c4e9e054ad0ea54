/**
 * The handlers' logs and metrics: Powertools for AWS Lambda's Logger and Metrics, as a
 * council's platform team knows them (POWERTOOLS_LOG_LEVEL, debug sampling, persistent
 * keys, child loggers, correlation ids, the ColdStart metric, POWERTOOLS_METRICS_DISABLED).
 * Each is its Powertools class with the service, namespace and dimension the alarms
 * read (infra/constructs/alarms.ts), and one addition: a `write` option that takes each
 * line instead of stdout, for tests and the local system.
 */
import {
  type LogItem,
  LogLevelThreshold,
  Logger as PowertoolsLogger,
} from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';
import { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type {
  EmfOutput,
  MetricsOptions as PowertoolsMetricsOptions,
} from '@aws-lambda-powertools/metrics/types';

/** The service every log line and metric names: infra/constructs/alarms.ts watches its metrics. */
export const SERVICE = 'iro-workflows';
/** The CloudWatch namespace of the handlers' metrics. */
export const METRICS_NAMESPACE = 'IroWorkflows';

/** Powertools' log levels, least severe first. */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

const LEVEL_NAMES = Object.fromEntries(
  Object.entries(LogLevelThreshold).map(([name, threshold]) => [threshold, name]),
) as Record<number, LogLevel>;

/** Keys every line has, which a call's attributes may not replace. */
type Reserved = 'level' | 'message' | 'timestamp' | 'service';
/** What a log call adds to its line: references and counts, never a child's data. */
export type LogAttributes = { readonly [key: string]: unknown } & {
  readonly [K in Reserved]?: never;
};

export interface LoggerOptions {
  readonly service?: string;
  /** The least severe level written; by default POWERTOOLS_LOG_LEVEL, Lambda's, else INFO. */
  readonly level?: LogLevel;
  /** Where each line goes (tests keep them); by default stdout, or stderr from WARN up. */
  readonly write?: (line: string, level: LogLevel) => void;
}

/**
 * Powertools' Logger under the unit's service: one JSON line per call with the level,
 * message, timestamp, service, the invocation's keys (cold_start, function_*, the
 * correlation id) and the call's attributes.
 */
export class Logger extends PowertoolsLogger {
  /** Not a #private field: Powertools may print from its constructor, before fields are set. */
  private writeLine?: ((line: string, level: LogLevel) => void) | undefined;

  constructor(options: LoggerOptions = {}, powertools: ConstructorOptions = {}) {
    super({
      serviceName: options.service ?? SERVICE,
      ...(options.level === undefined ? {} : { logLevel: options.level }),
      ...powertools,
    });
    this.writeLine = options.write;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.writeLine) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    this.writeLine(
      JSON.stringify(log.getAttributes(), this.getJsonReplacer()),
      LEVEL_NAMES[logLevel] ?? 'INFO',
    );
  }

  /** A child (createChild) writes where its parent does. */
  protected override createLogger(options?: ConstructorOptions): Logger {
    return new Logger(this.writeLine ? { write: this.writeLine } : {}, options);
  }

  /** The correlation id this logger writes, if it was given one. */
  correlationId(): string | undefined {
    const id = this.getCorrelationId();
    return typeof id === 'string' ? id : undefined;
  }
}

/** The units the handlers count in (CloudWatch's names). */
export type MetricUnit = 'Count';

/** The EMF document Powertools writes. */
export type EmfDocument = EmfOutput;

export interface MetricsOptions {
  readonly namespace?: string;
  readonly service?: string;
  /** Where a document goes; by default a line on stdout, where CloudWatch reads it. */
  readonly write?: (line: string) => void;
  /** Where Metrics' own warnings go (an invocation that counted nothing is a debug line). */
  readonly logger?: Pick<PowertoolsLogger, 'debug' | 'info' | 'warn' | 'error'>;
}

/**
 * Powertools' Metrics: counts kept through an invocation and written as one EMF
 * document when it ends (logMetrics, in lambda.ts), in the namespace with the
 * `service` dimension; the ColdStart metric adds `function_name`.
 */
export class Metrics extends PowertoolsMetrics {
  private writeLine?: ((line: string) => void) | undefined;
  private readonly options: MetricsOptions;

  constructor(options: MetricsOptions = {}, powertools: PowertoolsMetricsOptions = {}) {
    const logger = options.logger;
    super({
      namespace: options.namespace ?? METRICS_NAMESPACE,
      serviceName: options.service ?? SERVICE,
      ...(logger
        ? {
            logger: {
              debug: (...a: unknown[]) => logger.debug(String(a[0])),
              info: (...a: unknown[]) => logger.info(String(a[0])),
              warn: (...a: unknown[]) =>
                String(a[0]).startsWith('No application metrics to publish')
                  ? logger.debug(String(a[0]))
                  : logger.warn(String(a[0])),
              error: (...a: unknown[]) => logger.error(String(a[0])),
            },
          }
        : {}),
      ...powertools,
    });
    this.options = options;
    this.writeLine = options.write;
  }

  /** The document of the metrics counted since the last flush; none when nothing was counted. */
  document(): EmfDocument | undefined {
    return this.hasStoredMetrics() ? this.serializeMetrics() : undefined;
  }

  /** Writes what was counted, if anything, and starts again from nothing. */
  flush(): void {
    this.publishStoredMetrics();
  }

  override publishStoredMetrics(): this {
    if (!this.writeLine) return super.publishStoredMetrics();
    try {
      if (this.hasStoredMetrics()) this.writeLine(JSON.stringify(this.serializeMetrics()));
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }

  /** A single metric (the ColdStart one) writes where these do. */
  override singleMetric(): PowertoolsMetrics {
    if (!this.writeLine) return super.singleMetric();
    return new Metrics(this.options, { singleMetric: true });
  }
}
