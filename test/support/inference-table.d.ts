export interface InferenceTableSpec {
  /** e.g. spark_catalog.ml.chat_endpoint_payload (its schema must exist). */
  table: string;
  rows: number;
  /** Requests spread evenly over [from, to), epoch ms. */
  from: number;
  to: number;
  /** From here on the distributions shift (latency, completion tokens, errors, `length`). */
  shiftAt: number;
  seed?: number;
  /** Two served entities (a canary) instead of one `served-entity-1`. */
  entities?: {
    current: string;
    candidate: string;
    /** Share of requests the candidate serves, 0–100. */
    candidatePercent: number;
    /** The candidate answers like the shifted distributions from the start. */
    candidateRegresses?: boolean;
  };
}

/** A CREATE TABLE … AS SELECT generating an AI Gateway inference table inside Spark. */
export function inferenceTableStatement(spec: InferenceTableSpec): string;

/** A CREATE TABLE … AS SELECT with the served_entities columns the bot reads. */
export function servedEntitiesStatement(
  table: string,
  endpoint: string,
  entities: readonly { id: string; name: string }[],
): string;
