/**
 * The handlers' logs and metrics, in the shapes Powertools for AWS Lambda wrote them
 * (the same keys, levels, namespace, metric names and dimensions), without its 35 KB
 * in every bundle: one JSON line per log call, and one CloudWatch embedded-metric-format
 * (EMF) document per invocation. Both are written straight to stdout/stderr, as
 * Powertools did, so that Lambda's JSON log format keeps them as they are (it reads a
 * line's `level` for the function's log-level filter) and CloudWatch reads the metrics.
 */
import type { Context } from 'aws-lambda';

/** The service every log line and metric names: infra/constructs/alarms.ts watches its metrics. */
export const SERVICE = 'iro-workflows';
/** The CloudWatch namespace of the handlers' metrics. */
export const METRICS_NAMESPACE = 'IroWorkflows';

/** Lambda's log levels (AWS_LAMBDA_LOG_LEVEL, from applicationLogLevelV2), least severe first. */
const SEVERITY = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, FATAL: 24, SILENT: 28 };
export type LogLevel = keyof typeof SEVERITY;

/** Keys every line has, which a call's attributes may not replace. */
type Reserved = 'level' | 'message' | 'timestamp' | 'service';
/** What a log call adds to its line: references and counts, never a child's data. */
export type LogAttributes = { readonly [key: string]: unknown } & {
  readonly [K in Reserved]?: never;
};

/** Where a line goes: stdout, and stderr for warnings and errors (as Powertools wrote them). */
function toStandardStreams(line: string, level: LogLevel): void {
  (SEVERITY[level] >= SEVERITY.WARN ? process.stderr : process.stdout).write(`${line}\n`);
}

const isLevel = (name: string | undefined): name is LogLevel =>
  name !== undefined && Object.hasOwn(SEVERITY, name);

/** An error as a line shows it: its name, message and stack (and its cause), not `{}`. */
function errorFields(error: Error): Record<string, unknown> {
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** JSON.stringify's replacer: errors as fields, bigints as text, a circular reference left out. */
function replacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key, value) {
    const replaced = value instanceof Error ? errorFields(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

/** Empty values are left off a line, as Powertools left them. */
const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

export interface LoggerOptions {
  readonly service?: string;
  /** The least severe level written; by default Lambda's (AWS_LAMBDA_LOG_LEVEL), else INFO. */
  readonly level?: LogLevel;
  /** Where each line goes (tests keep them); by default stdout, or stderr from WARN up. */
  readonly write?: (line: string, level: LogLevel) => void;
}

/**
 * A structured logger: each call writes one JSON line with the level, message,
 * timestamp and service, the invocation's context (see {@link Logger.addContext}), and
 * the call's attributes.
 */
export class Logger {
  readonly #service: string;
  readonly #threshold: number;
  readonly #write: (line: string, level: LogLevel) => void;
  #context: Record<string, unknown> = {};
  /** Only an on-demand container's first invocation is a cold start (not a provisioned one). */
  #coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE === 'on-demand';

  constructor(options: LoggerOptions = {}) {
    const lambdaLevel = process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase();
    const level = options.level ?? (isLevel(lambdaLevel) ? lambdaLevel : 'INFO');
    this.#service = options.service ?? SERVICE;
    this.#threshold = SEVERITY[level];
    this.#write = options.write ?? toStandardStreams;
  }

  /** The invocation's keys, on every line until the next invocation's (lambda() calls this). */
  addContext(context: Context): void {
    this.#context = {
      cold_start: this.#coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.#coldStart = false;
  }

  debug(message: string, attributes?: LogAttributes): void {
    this.#log('DEBUG', message, attributes);
  }

  info(message: string, attributes?: LogAttributes): void {
    this.#log('INFO', message, attributes);
  }

  warn(message: string, attributes?: LogAttributes): void {
    this.#log('WARN', message, attributes);
  }

  error(message: string, attributes?: LogAttributes): void {
    this.#log('ERROR', message, attributes);
  }

  #log(level: LogLevel, message: string, attributes: LogAttributes = {}): void {
    if (SEVERITY[level] < this.#threshold) return;
    const fields: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#service,
      ...this.#context,
      // Lambda sets the trace header for each invocation: Root=1-...;Parent=...;Sampled=...
      xray_trace_id: /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1],
    };
    for (const [key, value] of Object.entries(attributes)) fields[key] = value;
    for (const key of Object.keys(fields)) if (isEmpty(fields[key])) delete fields[key];
    this.#write(JSON.stringify(fields, replacer()), level);
  }
}

/** The units the handlers count in (CloudWatch's names). */
export type MetricUnit = 'Count';

/** CloudWatch's limit on the values of one metric in one EMF document. */
const MAX_VALUES = 100;

/** A CloudWatch embedded-metric-format document: the directive, the dimension and each metric's values. */
export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: MetricUnit }[];
    }[];
  };
  readonly [key: string]: unknown;
}

export interface MetricsOptions {
  readonly namespace?: string;
  readonly service?: string;
  /** Where a document goes; by default a line on stdout, where CloudWatch reads it. */
  readonly write?: (line: string) => void;
}

/**
 * Counts for CloudWatch, under the namespace with the one dimension `service`: kept
 * through an invocation and written as one EMF document when it ends (lambda()
 * flushes them). A metric counted twice keeps both values, which CloudWatch sums.
 */
export class Metrics {
  readonly #namespace: string;
  readonly #service: string;
  readonly #write: (line: string) => void;
  #metrics = new Map<string, { unit: MetricUnit; values: number[] }>();

  constructor(options: MetricsOptions = {}) {
    this.#namespace = options.namespace ?? METRICS_NAMESPACE;
    this.#service = options.service ?? SERVICE;
    this.#write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  addMetric(name: string, unit: MetricUnit, value: number): void {
    const metric = this.#metrics.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.#metrics.set(name, metric);
    if (metric.values.length === MAX_VALUES) this.flush();
  }

  /** The document of the metrics counted since the last flush; none when nothing was counted. */
  document(): EmfDocument | undefined {
    if (this.#metrics.size === 0) return undefined;
    const values: Record<string, number | number[]> = {};
    for (const [name, metric] of this.#metrics)
      values[name] = metric.values.length === 1 ? (metric.values[0] as number) : metric.values;
    return {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.#namespace,
            Dimensions: [['service']],
            Metrics: [...this.#metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      service: this.#service,
      ...values,
    };
  }

  /** Writes what was counted, if anything, and starts again from nothing. */
  flush(): void {
    const document = this.document();
    this.#metrics = new Map();
    if (document) this.#write(JSON.stringify(document));
  }
}
