// The JSON of Gossipper's HTTP API v1 (docs/api.md), as the panel reads it.

export interface RunStatus {
  rate: number;
  rate_period_ms: number;
  call_limit: number;
  users: number; // -1 without -users
  paused: boolean;
  server: boolean;
  quitting: string; // running | ending | stopping | aborting
}

export interface Calls {
  created: number;
  successful: number;
  failed: number;
  open: number;
  peak: number;
  rate_cps: number;
  successful_rate_cps: number;
  failed_rate_cps: number;
}

export type MessageKind = "send" | "recv" | "pause" | "nop" | "sendCmd" | "recvCmd";

export interface MessageRow {
  index: number;
  kind: MessageKind;
  label: string;
  optional?: boolean;
  sent?: number;
  received?: number;
  retransmissions?: number;
  timeouts?: number;
  unexpected?: number;
  lost?: number;
  sessions?: number;
  rtd?: string;
  hide?: boolean; // hide="true": not on SIPp's screen
}

export interface Timing {
  name: string;
  count: number;
  mean_ms: number;
  min_ms: number;
  max_ms: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
}

export interface Stats {
  schema: string;
  scenario: string;
  elapsed_ms: number;
  since_reset_ms: number;
  status: RunStatus;
  calls: Calls;
  counters: Record<string, number>;
  messages: MessageRow[];
  response_times: Timing[];
  call_length?: Timing;
  media?: Record<string, unknown>;
}

export interface HistoryPoint {
  t_ms: number;
  created: number;
  successful: number;
  failed: number;
  open: number;
  rate_cps: number;
  successful_rate_cps: number;
  failed_rate_cps: number;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
}

export interface History {
  interval_ms: number;
  points: HistoryPoint[];
}

export interface LiveFrame {
  type: string;
  stats?: Stats;
  point?: HistoryPoint;
  engines?: ServerRun[]; // type "server": gossipper server's runs
}

/// A run of gossipper server (GET /clients, and its /live frames).
export interface ServerRun {
  id: string;
  role: string; // listener | client
  pid: number;
  running: boolean;
  stats?: Stats | null;
  point?: HistoryPoint | null;
}

export interface Diagnostic {
  severity: string; // error | warning | note
  line: number; // 1-based
  column: number; // 1-based
  message: string;
}

export interface ScenarioSource {
  name: string;
  file: string;
  source: string;
}

export interface ScenarioCheck {
  ok?: boolean;
  /// POST /scenario/apply on a run: the version new calls play.
  version?: number;
  error?: string;
  code?: string;
  diagnostics?: Diagnostic[];
}

/// POST /api/v1/control's body: any of these.
export interface ControlRequest {
  rate?: number;
  rate_scale?: number;
  call_limit?: number;
  users?: number;
  paused?: boolean;
  stop?: "graceful" | "now";
  reset_stats?: boolean;
}
