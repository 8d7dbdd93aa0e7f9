import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { parseHealthCheck, parsePortMapping, readVmInputs } from '../src/runtimes/vm/inputs.js';

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  '  QyNTUxOQAAACDx0ZC7yFQKkD0yG0jzpgFAXcV2J0v0nlO0hVxZm3KxqAAAAJgT4yq8E+Mq  ',
  'Aw=',
  '',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\r\n');

const base: Record<string, string> = {
  'ssh-host': 'vm1.example.com',
  'ssh-user': 'deploy',
  'ssh-private-key': KEY,
  'ssh-known-hosts': 'vm1.example.com ssh-ed25519 AAAA',
  'container-name': 'web',
};

function read(values: Record<string, string>) {
  const ctx = new InputContext((name) => values[name] ?? '');
  const inputs = readVmInputs(ctx);
  return { inputs, problems: ctx.problems };
}

/** What the action printed (workflow commands such as ::add-mask:: go to stdout). */
let written: string[] = [];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('ports', () => {
  it.each([
    ['80:8080', { ip: '', host: [80, 80], protocol: 'tcp' }],
    ['127.0.0.1:9090:9090/udp', { ip: '127.0.0.1', host: [9090, 9090], protocol: 'udp' }],
    ['[::1]:443:8443/tcp', { ip: '[::1]', host: [443, 443], protocol: 'tcp' }],
    ['8000-8010:9000-9010', { ip: '', host: [8000, 8010], protocol: 'tcp' }],
    ['65535:1/sctp', { ip: '', host: [65535, 65535], protocol: 'sctp' }],
  ])('takes %s', (text, expected) => {
    expect(parsePortMapping(text)).toEqual({ text, ...expected });
  });

  it.each([
    ['99999:8081', '"99999:8081": the host port 99999 is not from 1 to 65535'],
    ['80:0', '"80:0": the container port 0 is not from 1 to 65535'],
    ['80:70000/udp', '"80:70000/udp": the container port 70000 is not from 1 to 65535'],
    [
      '8000-8010:80-81',
      '"8000-8010:80-81": the host range 8000-8010 and the container range 80-81 are not the same length',
    ],
    ['8010-8000:8010-8000', '"8010-8000:8010-8000": the host port range 8010-8000 runs backwards'],
    ['1.2.3.999:80:80', '"1.2.3.999:80:80": 1.2.3.999 is not an IPv4 address or a bracketed IPv6 address ([::1])'],
    ['[fe80::zz]:80:80', '"[fe80::zz]:80:80": [fe80::zz] is not an IPv4 address or a bracketed IPv6 address ([::1])'],
    ['80:8080/http', '"80:8080/http": "http" is not tcp, udp or sctp'],
    ['80', expect.stringContaining('"80" is not HOST_PORT:CONTAINER_PORT')],
    ['80:8080; id', expect.stringContaining('"80:8080; id" is not HOST_PORT:CONTAINER_PORT')],
  ])('refuses %s', (text, message) => {
    expect(parsePortMapping(text)).toEqual(message);
  });

  it('refuses, as an input error, a host port published twice', () => {
    const { problems } = read({ ...base, ports: '80:8080\n127.0.0.1:80:9090\n80:8080/udp' });
    expect(problems).toEqual([
      { input: 'ports', message: '"127.0.0.1:80:9090" publishes a host port that "80:8080" publishes already' },
    ]);
  });

  it('passes each valid mapping to docker run as one --publish', () => {
    const { inputs, problems } = read({ ...base, ports: '80:8080, 127.0.0.1:9090:9090/udp' });
    expect(problems).toEqual([]);
    expect(inputs?.runOptions).toEqual(['--publish', '80:8080', '--publish', '127.0.0.1:9090:9090/udp']);
  });
});

describe('container-args', () => {
  it('refuses --cidfile: the deploy script sets it, to remove only the container it created', () => {
    const { problems } = read({ ...base, 'container-args': '--cidfile=/tmp/id' });
    expect(problems).toEqual([
      {
        input: 'container-args',
        message: '--cidfile is set by the action (use container-name, ports or container-env)',
      },
    ]);
  });
});

describe('health-check', () => {
  it.each([
    ['http://127.0.0.1:8080/healthz', { kind: 'url', url: 'http://127.0.0.1:8080/healthz' }],
    ['HTTPS://app.example.com', { kind: 'url', url: 'https://app.example.com/' }],
    ['wget -q -O- localhost:8080/ready', { kind: 'command', command: 'wget -q -O- localhost:8080/ready' }],
    ['curl -f http://localhost:8080', { kind: 'command', command: 'curl -f http://localhost:8080' }],
    ['test -f /www/index.html', { kind: 'command', command: 'test -f /www/index.html' }],
    ['MODE=a:b /bin/check', { kind: 'command', command: 'MODE=a:b /bin/check' }],
  ])('takes %s', (value, expected) => {
    expect(parseHealthCheck(value)).toEqual(expected);
  });

  it.each([
    ['file:///etc/passwd', 'is neither an http:// or https:// URL nor a command: '],
    ['gopher://127.0.0.1:70/', 'is neither an http:// or https:// URL nor a command: '],
    ['ftp://files.example.com/x', 'is neither an http:// or https:// URL nor a command: '],
    ['localhost:8080/healthz', 'nor a command (did you mean http://localhost:8080/healthz?)'],
    ['http://', 'is not a valid http(s) URL'],
  ])('refuses %s as an input error', (value, message) => {
    const { problems } = read({ ...base, 'health-check': value });
    expect(problems).toEqual([{ input: 'health-check', message: expect.stringContaining(message) }]);
  });
});

describe('ssh-private-key', () => {
  it('is registered for masking whole and line by line', () => {
    read(base);
    const masks = written
      .join('')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('::add-mask::'));
    const lines = KEY.split('\r\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= 4);
    // The whole key (escaped as a workflow command), then every line of four characters or more, trimmed.
    expect(masks).toEqual([
      `::add-mask::${KEY.replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`,
      ...lines.map((line) => `::add-mask::${line}`),
    ]);
    expect(masks).not.toContain('::add-mask::Aw=');
  });
});
