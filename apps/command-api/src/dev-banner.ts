/** Dev mode (no SENSEI_JWT_SECRET / SENSEI_JWT_PUBLIC_KEY): one admin token, to try the API at once. */
export const printDevBanner = (url: string, token: string): void => {
  const body = JSON.stringify({
    source: { kind: 'postgres', uri: 'postgres://app@localhost:5432/crm' },
    target: { kind: 'postgres', uri: 'postgres://app@localhost:5432/crm_v2' },
  });
  console.log(
    [
      '',
      '=== DEV MODE: no SENSEI_JWT_SECRET or SENSEI_JWT_PUBLIC_KEY is set ===',
      'A random signing secret was generated for this run; tokens die with the process.',
      'Admin token (12 h):',
      '',
      `  ${token}`,
      '',
      'Try it:',
      `  export SENSEI_TOKEN=${token}`,
      `  curl -s -X POST ${url}/migrations -H "Authorization: Bearer $SENSEI_TOKEN" \\`,
      `       -H 'Content-Type: application/json' -d '${body}'`,
      `  curl -s ${url}/migrations/<migrationId>/events -H "Authorization: Bearer $SENSEI_TOKEN"`,
      '',
      'Set SENSEI_JWT_SECRET (32+ characters) or SENSEI_JWT_PUBLIC_KEY for anything but a trial.',
      '',
    ].join('\n'),
  );
};
