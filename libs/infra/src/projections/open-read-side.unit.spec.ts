import type { EventFeed } from './event-feed';
import { openReadSide } from './open-read-side';

const httpFeed: EventFeed = {
  description: 'events over HTTP',
  read: async () => [],
  waitForEvents: async () => undefined,
  head: async () => undefined,
  close: async () => undefined,
};

describe('openReadSide: what the environment names', () => {
  it('reads events from SENSEI_EVENTS_URL through the HTTP hook, models into SENSEI_READ_DATABASE_URL', async () => {
    const urls: string[] = [];
    const side = await openReadSide(
      {
        SENSEI_EVENTS_URL: 'http://api:3000/events/stream',
        SENSEI_READ_DATABASE_URL: 'postgres://reader@read-db:5432/read',
      },
      {
        httpFeed: (url) => {
          urls.push(url);
          return httpFeed;
        },
      },
    );
    expect(urls).toEqual(['http://api:3000/events/stream']);
    expect(side.feed).toBe(httpFeed);
    expect(side.sql.description).toContain('read-db:5432');
    await side.close();
  });

  it('says which setting is missing or wrong, before opening anything', async () => {
    await expect(
      openReadSide({ SENSEI_EVENTS_URL: 'http://api:3000/events/stream' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { field: 'SENSEI_EVENTS_URL' },
    });
    await expect(openReadSide({ SENSEI_EVENT_STORE: 'postgres' })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { field: 'DATABASE_URL' },
    });
    await expect(openReadSide({ SENSEI_EVENT_STORE: 'eventstoredb' })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { field: 'SENSEI_EVENT_STORE' },
    });
  });
});
