import { describe, expect, it } from 'vitest';
import { MAX_NAMED_PER_CONNECTION, statementNamer } from './prepared.ts';

describe('statementNamer', () => {
  it('names a parameterised text, the same name for the same text on every connection', () => {
    const namer = statementNamer();
    const callback = (): void => undefined;
    const [first, passed] = namer.forConnection().name(['SELECT $1::int', [1], callback]);
    const [second] = namer.forConnection().name(['SELECT $1::int', [2]]);
    expect(first).toMatchObject({ text: 'SELECT $1::int', values: [1] });
    expect(passed).toBe(callback);
    expect((first as { name: string }).name).toMatch(/^s_[\w-]{20}$/);
    expect((second as { name: string }).name).toBe((first as { name: string }).name);
    const [other] = namer.forConnection().name(['SELECT $1::text', ['a']]);
    expect((other as { name: string }).name).not.toBe((first as { name: string }).name);
  });

  it('leaves parameterless texts (possibly several statements), config objects and streams as they are', () => {
    const connection = statementNamer().forConnection();
    expect(connection.name(['BEGIN'])).toEqual(['BEGIN']);
    expect(connection.name(['CREATE TABLE a (x int); CREATE TABLE b (y int)', []])).toEqual([
      'CREATE TABLE a (x int); CREATE TABLE b (y int)',
      [],
    ]);
    const config = { text: 'SELECT $1', values: [1] };
    expect(connection.name([config])).toEqual([config]);
  });

  it('names at most MAX_NAMED_PER_CONNECTION texts per connection, then sends the others unnamed', () => {
    const connection = statementNamer().forConnection();
    for (let i = 0; i < MAX_NAMED_PER_CONNECTION; i++) {
      expect(connection.name([`SELECT $1::int + ${i}`, [1]])[0]).toHaveProperty('name');
    }
    expect(connection.name(['SELECT $1::int - 1', [1]])).toEqual(['SELECT $1::int - 1', [1]]);
    // A text already named stays named.
    expect(connection.name(['SELECT $1::int + 0', [1]])[0]).toHaveProperty('name');
    // Another connection has a budget of its own.
    expect(
      statementNamer()
        .forConnection()
        .name(['SELECT $1::int - 1', [1]])[0],
    ).toHaveProperty('name');
  });
});
