import fs from 'node:fs';
import { packagePath } from '../paths.js';

/**
 * Do no harm to printers. The one place every probing path asks before it sends a byte to a
 * port: the port scan's banner, identification and authentication probes, the TLS and HTTP
 * families, and HTTP redirects. The list is data (checks/data/printer-ports.json, each range
 * with its source); a system opts in with `probePrinterPorts: true` in the inventory.
 * A connect scan (handshake, then close without sending) is allowed: it prints nothing.
 */
export interface PrinterPortRange {
  from: number;
  to: number;
  protocol: string;
  source: string;
}

let ranges: PrinterPortRange[] | undefined;

export function printerPortRanges(): readonly PrinterPortRange[] {
  ranges ??= (JSON.parse(fs.readFileSync(packagePath('checks', 'data', 'printer-ports.json'), 'utf8')) as { ports: PrinterPortRange[] }).ports;
  return ranges;
}

/** The printing protocol this port belongs to, or undefined for an ordinary port. */
export function printerPort(port: number): PrinterPortRange | undefined {
  return printerPortRanges().find((r) => port >= r.from && port <= r.to);
}

/** Whether bytes may be sent to `port` of a system (false for printer ports unless the system opted in). */
export function mayProbePort(port: number, system: { probePrinterPorts?: boolean } | undefined): boolean {
  return system?.probePrinterPorts === true || printerPort(port) === undefined;
}
