import type { CameraView, DetectionBatchResult, DetectionView, Page } from '@gridops/contracts';
import { errorText } from './api-client';
import type { QuietLog, SimContext } from './context';
import { photoPng } from './photo';
import { between, chance, pick } from './random';
import { DESK_LOGIN, handledBy } from './town';

/** The video platform the simulated detections come from; event ids are unique per platform. */
export const SIM_VIDEO_PLATFORM = 'gridops-sim-video';
/** How often the camera list is read again. */
const REFRESH_MS = 60_000;
/** The API has no camera registry or video ingest, or the key is refused: ask again this much later. */
const REPROBE_MS = 5 * 60_000;
/**
 * Share of detections that are wrong (误报: a shadow, a parked delivery van, nothing at all). A wrong one comes with
 * a low confidence and a snapshot without the problem; the desk rejects it. A few right ones are doubtful too
 * (DOUBTFUL_RIGHT) and wait for the desk, which confirms them.
 */
export const WRONG_SHARE = 0.25;
const DOUBTFUL_RIGHT = 0.2;
/** At SIM_SPEED=1 the desk looks at a waiting detection after about this long. */
const DECIDE_AFTER_MS = 45_000;
/** What the simulator remembers of the truth of its own detections (bounded). */
const MAX_REMEMBERED = 500;

/**
 * 视频AI: detections from the demo cameras through `POST /api/v1/ingest/video` with the demo key, each with a
 * snapshot drawn in code (photo.ts); a share of them wrong. The simulator's desk (sim.operator) works the
 * confirmation queue: it confirms the detections that were right and rejects the wrong ones with a reason — the
 * simulator knows which were which because it made them. Without a registry, ingest or key, it switches itself off.
 */
export class VideoChannel {
  private cameras: CameraView[] = [];
  private refreshedAt = 0;
  private offUntil = 0;
  private said = false;
  /** event id → was it wrong (the truth the desk judges by) */
  private readonly truth = new Map<string, boolean>();

  constructor(
    private readonly ctx: SimContext,
    private readonly quiet: QuietLog,
  ) {}

  available(): boolean {
    return this.ctx.now().getTime() >= this.offUntil && this.cameras.length > 0;
  }

  async refresh(): Promise<void> {
    const now = this.ctx.now().getTime();
    if (now < this.offUntil || now - this.refreshedAt < REFRESH_MS) return;
    this.refreshedAt = now;
    const res = await this.ctx.sessions.call<Page<CameraView>>(DESK_LOGIN, 'GET', '/api/v1/cameras?active=true&limit=200');
    if (!res) return;
    if (res.status !== 200) return this.switchOff(`camera registry: HTTP ${res.status} ${errorText(res.body)}`);
    const { categories, staffedUnits } = this.ctx.town;
    // only what someone in the demo cast can handle, so a confirmed detection's case can be closed
    this.cameras = res.body.items
      .map((c) => ({ ...c, categories: c.categories.filter((code) => handledBy(categories.get(code), staffedUnits)) }))
      .filter((c) => c.categories.length > 0);
    if (!this.cameras.length) this.switchOff('no registered camera reports a category anyone in the demo cast can handle');
  }

  /** One detection from a random camera; right or wrong. */
  async detect(): Promise<void> {
    const camera = pick(this.cameras, this.ctx.rng);
    const categoryCode = camera && pick(camera.categories, this.ctx.rng);
    if (!camera || !categoryCode) return;
    const rng = this.ctx.rng;
    const wrong = chance(WRONG_SHARE, rng);
    const confidence = wrong ? between(0.35, 0.78, rng) : chance(DOUBTFUL_RIGHT, rng) ? between(0.62, 0.79, rng) : between(0.82, 0.99, rng);
    const eventId = `sim-${this.ctx.runId}-v${this.ctx.nextSerial()}`;
    // a wrong detection's frame shows the street without the problem
    const snapshot = photoPng(wrong ? 'after' : 'report', categoryCode, eventId).toString('base64');
    const res = await this.ctx.api.request<DetectionBatchResult>('POST', '/api/v1/ingest/video', {
      body: {
        platform: SIM_VIDEO_PLATFORM,
        detections: [{ eventId, cameraId: camera.id, categoryCode, confidence: Math.round(confidence * 100) / 100, detectedAt: this.ctx.now().toISOString(), snapshot }],
      },
      headers: { 'x-api-key': this.ctx.config.videoKey },
    });
    if (res.status !== 200 && res.status !== 207) return this.switchOff(`video ingest: HTTP ${res.status} ${errorText(res.body)}`);
    const outcome = res.body.results[0];
    if (!outcome) return;
    if (outcome.outcome === 'refused') {
      this.ctx.stats.refusals++;
      this.quiet.line(`video-${outcome.reason ?? 'refused'}`, `detection of ${camera.id}: ${outcome.reason ?? ''} ${outcome.message ?? ''}`.trim());
      return;
    }
    this.remember(eventId, wrong);
    this.ctx.stats.report(outcome.outcome === 'pending_confirmation' ? 'video_ai (to check)' : outcome.outcome === 'merged' ? 'video_ai-repeat' : 'video_ai');
  }

  /** The desk's turn: confirm the right detections that have waited a while, reject the wrong ones. */
  async review(): Promise<void> {
    if (!this.available()) return;
    const res = await this.ctx.sessions.call<Page<DetectionView>>(DESK_LOGIN, 'GET', `/api/v1/video/detections?status=pending&limit=50`);
    if (!res || res.status !== 200) return;
    const due = this.ctx.now().getTime() - DECIDE_AFTER_MS / this.ctx.config.speed;
    for (const d of res.body.items) {
      if (Date.parse(d.receivedAt) > due) continue;
      // our own detections by what we know; anyone else's (another run's) by how sure the model was
      const wrong = this.truth.get(d.eventId) ?? d.confidence < 0.6;
      const path = `/api/v1/video/detections/${d.id}/${wrong ? 'reject' : 'confirm'}`;
      const decided = await this.ctx.sessions.call<DetectionView>(DESK_LOGIN, 'POST', path, wrong ? { reason: '阴影或反光误识别（模拟）' } : undefined);
      if (!decided) return;
      if (decided.status === 200) this.ctx.stats.action(wrong ? 'video-reject' : 'video-confirm');
      else if (decided.status === 409) this.ctx.stats.conflicts++;
      else {
        this.ctx.stats.refusals++;
        this.quiet.line(`video-decide-${decided.status}`, `deciding detection ${d.id}: HTTP ${decided.status} ${errorText(decided.body)}`);
      }
      this.truth.delete(d.eventId);
    }
  }

  private remember(eventId: string, wrong: boolean): void {
    this.truth.set(eventId, wrong);
    if (this.truth.size > MAX_REMEMBERED) this.truth.delete(this.truth.keys().next().value as string);
  }

  private switchOff(why: string): void {
    this.offUntil = this.ctx.now().getTime() + REPROBE_MS;
    this.cameras = [];
    if (!this.said) this.ctx.log(`video detections off for now (${why}); the other channels carry on`);
    this.said = true;
  }
}
