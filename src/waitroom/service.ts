import { DomainError, unavailable, validationError } from '../shared/errors.ts';
import { JoinBatcher, type SeenBuffer } from './batching.ts';
import { effectiveRate, pollBeforeOpening, waitFigures } from './estimate.ts';
import type { RoomSettings, WaitroomRepository } from './repository.ts';
import type { Room } from './room.ts';
import type { DrawCache } from './shuffle.ts';
import type { QueueTicket, TicketSigner } from './tickets.ts';

export type StatusView =
  | { readonly state: 'open'; readonly enrollUrl: string }
  | {
      readonly state: 'pre-queue';
      readonly ticket: string;
      readonly opensAt: string;
      readonly preQueue: number;
      readonly nextPollSeconds: number;
    }
  | {
      readonly state: 'waiting';
      readonly ticket: string;
      readonly position: number;
      readonly ahead: number;
      readonly estimatedWaitSeconds: number;
      readonly nextPollSeconds: number;
    }
  | {
      readonly state: 'admitted';
      readonly admission: string;
      readonly admissionExpiresAt: string;
      readonly enrollUrl: string;
    }
  | { readonly state: 'expired'; readonly holdMinutes: number };

export interface RoomView {
  readonly campaign: string;
  readonly active: boolean;
  readonly opensAt: string;
  readonly admitPerMinute: number;
  readonly adaptive: boolean;
  readonly paused: boolean;
  readonly currentRatePerMinute: number;
  readonly holdMinutes: number;
  readonly open: boolean;
  readonly issued: number;
  readonly preQueue: number | null;
  readonly admitted: number;
  readonly givenUp: number;
  readonly waiting: number;
  readonly admittedLastMinute: number;
  readonly estimatedWaitSeconds: number;
}

export interface RoomCacheView {
  get(campaign: string): Room | undefined;
  all(): Room[];
  /** Resolves once the rooms have been read at least once. */
  readonly ready: Promise<void>;
  admittedLastMinute(room: Room): number;
  put(room: Room): void;
}

export interface ServiceDeps {
  readonly repo: WaitroomRepository;
  readonly signer: TicketSigner;
  readonly cache: RoomCacheView;
  readonly draws: DrawCache;
  readonly seen: SeenBuffer;
  readonly now: () => Date;
  readonly random: () => number;
  readonly admissionSeconds: number;
  readonly onEvent?: (event: 'join' | 'poll' | 'admitted' | 'expired' | 'refused') => void;
}

const enrollUrl = (campaign: string): string => `/adesione/${campaign}`;
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const ticketInvalid = (): DomainError =>
  validationError(
    'waitroom.ticket_invalid',
    'This waiting-room ticket is not valid for this campaign. Reload the waiting-room page to join the line.',
  );

export function waitroomService(deps: ServiceDeps) {
  const batchers = new Map<number, JoinBatcher>();
  const batcherFor = (roomId: number): JoinBatcher => {
    let batcher = batchers.get(roomId);
    if (batcher === undefined) {
      batcher = new JoinBatcher((count) => deps.repo.join(roomId, count, deps.now()));
      batchers.set(roomId, batcher);
    }
    return batcher;
  };
  // Records a poll at most every `step` seconds per person: a fifth of the hold, at most a minute.
  const seenStep = (room: Room): number => Math.min(60, Math.floor(room.holdSeconds / 5));

  const admit = (room: Room, ticket: QueueTicket, now: Date): StatusView => {
    const issuedAt = seconds(now);
    const expiresAt = issuedAt + deps.admissionSeconds;
    deps.onEvent?.('admitted');
    return {
      state: 'admitted',
      admission: deps.signer.admissionToken({
        room: room.id,
        campaign: room.campaign,
        seq: ticket.seq,
        issuedAt,
        expiresAt,
      }),
      admissionExpiresAt: new Date(expiresAt * 1000).toISOString(),
      enrollUrl: enrollUrl(room.campaign),
    };
  };

  /**
   * The ticket to hand back with an answer that says "come back in `nextPoll` seconds". The poll and that
   * return are written (batched) at most every `seenStep`, and always when the return would fall past half the
   * hold after the last written poll: a place is held a hold after the poll and half a hold after the return
   * (repository.ts), so someone told to come back in 10 minutes is not taken for gone after 5.
   */
  const recorded = (room: Room, ticket: QueueTicket, now: Date, nextPoll: number): QueueTicket => {
    const nowS = seconds(now);
    if (nowS - ticket.seenAt < seenStep(room) && nowS + nextPoll <= ticket.seenAt + room.holdSeconds / 2) return ticket;
    deps.seen.add(room.id, ticket.seq, now, new Date(now.getTime() + nextPoll * 1000));
    return { ...ticket, seenAt: nowS };
  };

  /**
   * Answers from the signature and the cached room alone, except for someone back after a long absence. `token`
   * is the verified ticket as received: handed back as it is when nothing in it changes (no new position, no poll
   * recorded), which saves an HMAC (~3 us of the ~100-200 a poll costs the server).
   */
  const answer = async (room: Room, ticket: QueueTicket, token?: string): Promise<StatusView> => {
    const now = deps.now();
    const nowS = seconds(now);
    const signed = (next: QueueTicket): string =>
      next === ticket && token !== undefined ? token : deps.signer.queueTicket(next);
    let current = ticket;
    if (room.preQueue === null) {
      const nextPollSeconds = pollBeforeOpening(room, now.getTime(), deps.random);
      return {
        state: 'pre-queue',
        ticket: signed(recorded(room, current, now, nextPollSeconds)),
        opensAt: room.opensAt.toISOString(),
        preQueue: Math.max(room.issued, ticket.seq),
        nextPollSeconds,
      };
    }
    let position = ticket.position;
    if (position === 0) {
      position =
        ticket.seq <= room.preQueue && room.seed !== null
          ? deps.draws.position(room.id, room.seed, room.preQueue, ticket.seq)
          : ticket.seq;
      current = { ...current, position };
    }
    if (room.positionsReady && position <= room.admittedThrough) {
      if (nowS - ticket.seenAt > room.holdSeconds && (await deps.repo.wasGivenUp(room.id, ticket.seq, position))) {
        deps.onEvent?.('expired');
        return { state: 'expired', holdMinutes: Math.round(room.holdSeconds / 60) };
      }
      return admit(room, ticket, now);
    }
    const figures = waitFigures(room, position, now.getTime(), deps.random);
    const ticketNow = signed(recorded(room, current, now, figures.nextPollSeconds));
    return { state: 'waiting', ticket: ticketNow, position, ...figures };
  };

  const activeRoom = async (campaign: string): Promise<Room | null> => {
    await deps.cache.ready;
    const room = deps.cache.get(campaign);
    return room?.active === true ? room : null;
  };

  return {
    /** A new place at the back of the line (or in the pre-queue before the opening draw). */
    async join(campaign: string): Promise<StatusView> {
      const room = await activeRoom(campaign);
      if (room === null) return { state: 'open', enrollUrl: enrollUrl(campaign) };
      let issued;
      try {
        issued = await batcherFor(room.id).join();
      } catch (error) {
        throw unavailable('The waiting room cannot take new arrivals right now. Try again in a few seconds.', 3, error);
      }
      if (issued === null) return { state: 'open', enrollUrl: enrollUrl(campaign) };
      deps.onEvent?.('join');
      const nowS = seconds(deps.now());
      const ticket: QueueTicket = {
        kind: 'queue',
        room: room.id,
        seq: issued.seq,
        position: issued.preQueue ? 0 : issued.seq,
        joinedAt: nowS,
        seenAt: nowS,
      };
      // The cache (up to a second old) may predate the draw this join already saw: answer the
      // post-draw ticket as waiting, not as pre-queue (its position is its seq, no draw needed).
      const known = issued.preQueue || room.preQueue !== null ? room : { ...room, preQueue: issued.seq - 1 };
      return answer(known, ticket);
    },

    /** A poll: where this ticket stands, or the admission once its turn has come. */
    async status(campaign: string, token: string): Promise<StatusView> {
      const room = await activeRoom(campaign);
      if (room === null) return { state: 'open', enrollUrl: enrollUrl(campaign) };
      const ticket = deps.signer.verifyQueueTicket(token);
      if (ticket?.room !== room.id) throw ticketInvalid();
      deps.onEvent?.('poll');
      return answer(room, ticket, token);
    },

    /** Throws 403 while the room is active and the token is missing, forged, expired or for another campaign. */
    async guard(campaign: string, admission: string | undefined): Promise<void> {
      const room = await activeRoom(campaign);
      if (room === null) return;
      const token = admission === undefined ? null : deps.signer.verifyAdmission(admission);
      if (token?.campaign === campaign && token.room === room.id && token.expiresAt > seconds(deps.now())) return;
      deps.onEvent?.('refused');
      throw new DomainError(
        'forbidden',
        'waitroom.admission_required',
        'Enrollment in this campaign goes through the waiting room, so that everyone is served in turn: ' +
          `join it at /sala-attesa.html?c=${campaign}. ` +
          'If you were already admitted, send the admission token you received in the x-admission header.',
      );
    },

    async configure(campaign: string, settings: RoomSettings): Promise<RoomView> {
      const room = await deps.repo.configure(campaign, settings);
      deps.cache.put(room);
      return view(room, deps.cache.admittedLastMinute(room), deps.now().getTime());
    },

    async views(): Promise<RoomView[]> {
      await deps.cache.ready;
      return deps.cache.all().map((room) => view(room, deps.cache.admittedLastMinute(room), deps.now().getTime()));
    },

    async view(campaign: string): Promise<RoomView | null> {
      await deps.cache.ready;
      const room = deps.cache.get(campaign);
      return room === undefined ? null : view(room, deps.cache.admittedLastMinute(room), deps.now().getTime());
    },
  };
}

export type WaitroomService = ReturnType<typeof waitroomService>;

function view(room: Room, admittedLastMinute: number, nowMs: number): RoomView {
  return {
    campaign: room.campaign,
    active: room.active,
    opensAt: room.opensAt.toISOString(),
    admitPerMinute: room.admitPerMinute,
    adaptive: room.adaptive,
    paused: room.paused,
    currentRatePerMinute: Math.round(effectiveRate(room)),
    holdMinutes: room.holdSeconds / 60,
    open: room.preQueue !== null,
    issued: room.issued,
    preQueue: room.preQueue,
    admitted: room.admittedLive,
    givenUp: room.givenUp,
    waiting: room.waiting,
    admittedLastMinute,
    estimatedWaitSeconds: waitFigures(room, room.issued + 1, nowMs, () => 0.5).estimatedWaitSeconds,
  };
}
