// A real OpenID Provider for ombudsflow's sign-in tests: oidc-provider
// (OpenID Certified) on loopback, with an RSA key of its own, one
// confidential client, PKCE required, and accounts the test registers.
// It prints "listening <issuer>" once it serves.
//
// Test controls (loopback only, this process only):
//   POST /test/accounts  {"sub", "email", "name"}  registers a person
//   POST /test/login     {"sub"}                   who the next sign-in is
//   POST /test/mischief  {"mode"}                  alters the next ID token:
//     tamper (payload changed, signature kept), expired, audience, issuer,
//     nonce (re-signed with the provider's key), none (alg "none"), or "".
import http from 'node:http';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const clientId = process.env.OIDC_CLIENT_ID ?? 'ombudsflow';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'ombudsflow-test-secret';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const accounts = new Map();
let nextLogin = null;
let mischief = '';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    // RFC 8252 loopback redirects: any port of 127.0.0.1 matches.
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/v1/auth/oidc/callback', 'http://127.0.0.1/mitid/callback'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true, methods: ['S256'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['ombudsflow-test-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
    };
  },
  // First-party: consent is implied, no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
const callback = provider.callback();

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { try { resolve(JSON.parse(body || '{}')); } catch (error) { reject(error); } });
  });
}

async function mangle(idToken, mode) {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const sign = (changed) => new jose.SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
  switch (mode) {
    case 'tamper':
      return `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: `${claims.sub}-x` })).toString('base64url')}.${signature}`;
    case 'expired': return sign({ ...claims, iat: now - 7200, exp: now - 3600 });
    case 'audience': return sign({ ...claims, aud: 'another-client' });
    case 'issuer': return sign({ ...claims, iss: 'http://127.0.0.1:1' });
    case 'nonce': return sign({ ...claims, nonce: 'a-nonce-from-another-sign-in' });
    case 'none':
      return `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    default: return idToken;
  }
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (req.method === 'POST' && url.pathname.startsWith('/test/')) {
      const body = await readJson(req);
      if (url.pathname === '/test/accounts') accounts.set(body.sub, { email: body.email, name: body.name });
      if (url.pathname === '/test/login') nextLogin = body.sub;
      if (url.pathname === '/test/mischief') mischief = body.mode ?? '';
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      const result = details.prompt.name === 'login'
        ? { login: { accountId: nextLogin } }
        : { consent: {} };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token' && mischief) {
      const mode = mischief;
      mischief = '';
      const end = res.end.bind(res);
      res.end = (chunk, ...rest) => {
        const tokens = JSON.parse(Buffer.from(chunk).toString());
        mangle(tokens.id_token, mode).then((idToken) => {
          const body = JSON.stringify({ ...tokens, id_token: idToken });
          res.setHeader('content-length', Buffer.byteLength(body));
          end(body, ...rest);
        });
        return res;
      };
    }
    callback(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});

process.stdout.write(`listening ${issuer}\n`);
