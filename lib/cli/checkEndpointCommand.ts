import { checkEndpoint, endpointReportText } from './checkEndpoint';
import { UsageError, type CliValues } from './args';

/** `retrace check-endpoint URL [--model M] [--scorer] [--json]`: probes a server, prints what works; exit 1 when nothing Retrace needs does. */
export async function checkEndpointCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length !== 1) throw new UsageError('check-endpoint takes one base URL: retrace check-endpoint http://127.0.0.1:8000/v1 [--model M] [--scorer] [--json]');
  const report = await checkEndpoint(args[0], { model: values.model, scorerOnly: values['scorer-only'] === true, apiKey: process.env.RETRACE_LLM_API_KEY || process.env.RETRACE_SCORER_API_KEY || undefined });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : endpointReportText(report));
  return Object.keys(report.suggested).length ? 0 : 1;
}
