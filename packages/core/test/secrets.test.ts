import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../src/secrets.js';

describe('redact', () => {
  it('masks the password of a URL', () => {
    expect(redact('connect to postgres://ferry:s3cr3t@db:5432/x failed')).toBe(
      'connect to postgres://ferry:***@db:5432/x failed',
    );
  });
  it('masks Password= pairs of an ADO.NET connection string', () => {
    expect(redact('Server=tcp:x,1433;User ID=sa;Password=Pa55;Encrypt=True')).toBe(
      'Server=tcp:x,1433;User ID=sa;Password=***;Encrypt=True',
    );
  });
  it('masks registered secrets anywhere', () => {
    registerSecret('hunter22');
    expect(redact('token hunter22 in text')).toBe('token *** in text');
  });
});
