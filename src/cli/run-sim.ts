/** `itops-tui sim`: the demo simulators on their own, with how to reach them. */
import type { CliArgs } from './args.js';
import { EXIT } from './exit-codes.js';

export async function runSim(args: CliArgs): Promise<number> {
  // Listen first: a Ctrl-C or SIGTERM while the simulators start must still close them cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { startDemo } = await import('./demo.js');
  const demo = await startDemo({ seed: args.seed, speed: args.speed, hosts: args.hosts });
  const pd = demo.endpoints.pagerduty;
  const sn = demo.endpoints.servicenow;
  process.stdout.write(
    'Demo simulators running (Ctrl-C to stop):\n' +
      `  PagerDuty REST v2  ${pd.url}\n` +
      `    curl -H 'Authorization: Token token=${pd.token}' -H 'Accept: application/vnd.pagerduty+json;version=2' ${pd.url}/incidents\n` +
      `    writes need: From: ${pd.fromEmail}\n` +
      `  ServiceNow Table API  ${sn.url}\n` +
      `    curl -u '${sn.username}:${sn.password}' '${sn.url}/api/now/table/incident?sysparm_limit=5&sysparm_display_value=all'\n` +
      `    OAuth: POST ${sn.url}/oauth_token.do (client ${sn.clientId})\n` +
      `  CrowdStrike Falcon  ${demo.endpoints.crowdstrike.url}\n` +
      `    curl -X POST -d 'client_id=${demo.endpoints.crowdstrike.clientId}&client_secret=${demo.endpoints.crowdstrike.clientSecret}' ${demo.endpoints.crowdstrike.url}/oauth2/token\n` +
      `  Datadog  ${demo.endpoints.datadog.url}\n` +
      `    curl -H 'DD-API-KEY: ${demo.endpoints.datadog.apiKey}' -H 'DD-APPLICATION-KEY: ${demo.endpoints.datadog.appKey}' '${demo.endpoints.datadog.url}/api/v1/monitor?group_states=alert'\n`,
  );
  await stopped;
  await demo.close();
  return EXIT.ok;
}
