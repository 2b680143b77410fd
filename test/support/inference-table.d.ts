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
}

/** A CREATE TABLE … AS SELECT generating an AI Gateway inference table inside Spark. */
export function inferenceTableStatement(spec: InferenceTableSpec): string;
