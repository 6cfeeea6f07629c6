import { Injectable, Logger } from '@nestjs/common';
import { loadClassifier, type LoadedClassifier } from '@gridops/domain';
import type { SuggestionModelInfo, SuggestionsView } from '@gridops/contracts';
import { DirectoryService } from '../directory/directory.service';
import { PgListener } from '../platform/database/pg-listener.service';
import { SUGGESTIONS_CHANNEL, SuggestionModelStore } from './suggestion-model.store';

/**
 * How often the api asks whether a newer model version exists (one max() on a primary key) besides hearing the
 * trainer's NOTIFY on SUGGESTIONS_CHANNEL, which makes it ask at once.
 */
export const SUGGESTION_MODEL_CHECK_MS = 30_000;
/** Suggestions shown: the desk and the import preview show the top 3. */
export const SUGGESTION_COUNT = 3;

interface Loaded {
  info: SuggestionModelInfo;
  category: LoadedClassifier;
  district: LoadedClassifier | null;
}

/**
 * Serves suggestions from the newest model version, held in memory; a newer version is noticed within
 * SUGGESTION_MODEL_CHECK_MS and loaded once. Used by the desk's intake form and the 12345 import preview — not on
 * the `/reports` path (docs/suggestions.md). No model → no suggestions.
 */
@Injectable()
export class SuggestionService {
  private readonly logger = new Logger('suggestions');
  private loaded: Loaded | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;
  private listening = false;

  constructor(
    private readonly store: SuggestionModelStore,
    private readonly directory: DirectoryService,
    private readonly listener: PgListener,
  ) {}

  /** The model in use (its figures), or null. */
  async current(): Promise<SuggestionModelInfo | null> {
    await this.refresh();
    return this.loaded?.info ?? null;
  }

  /** Top 3 categories (active ones of the directory) and 片区 for a text. */
  async suggest(text: string): Promise<SuggestionsView> {
    await this.refresh();
    return this.suggestLoaded(text);
  }

  /** Suggestions for many texts with one check of the model (the import preview's rows). */
  async suggestMany(texts: readonly string[]): Promise<SuggestionsView[]> {
    await this.refresh();
    return Promise.all(texts.map((t) => this.suggestLoaded(t)));
  }

  private async suggestLoaded(text: string): Promise<SuggestionsView> {
    const m = this.loaded;
    if (!m) return { modelVersion: null, categories: [], districts: [] };
    // a category deleted or switched off since training is not offered; ask for a few more to still show three
    const candidates = m.category.predict(text, SUGGESTION_COUNT + 3);
    const categories = [];
    for (const s of candidates) {
      if (categories.length === SUGGESTION_COUNT) break;
      const cat = await this.directory.category(s.label);
      if (cat?.active) categories.push({ code: s.label, confidence: round(s.confidence) });
    }
    const districts = m.district ? m.district.predict(text, SUGGESTION_COUNT).map((s) => ({ code: s.label, confidence: round(s.confidence) })) : [];
    return { modelVersion: m.info.version, categories, districts };
  }

  private async refresh(): Promise<void> {
    if (!this.listening) {
      // on first use (the api's): a new version, or a gap in hearing, makes the next request ask again
      this.listening = true;
      this.listener.subscribe(SUGGESTIONS_CHANNEL, { notified: () => (this.checkedAt = 0), hearing: () => (this.checkedAt = 0) });
    }
    if (Date.now() - this.checkedAt < SUGGESTION_MODEL_CHECK_MS) return;
    this.checking ??= this.check().finally(() => (this.checking = null));
    await this.checking;
  }

  private async check(): Promise<void> {
    const version = await this.store.latestVersion();
    this.checkedAt = Date.now();
    if (version === null || version === this.loaded?.info.version) return;
    const found = await this.store.load(version);
    if (!found) {
      this.logger.warn(`suggestion model v${version} is not readable by this release: keeping ${this.loaded ? `v${this.loaded.info.version}` : 'none'}`);
      return;
    }
    const { dataUntil: _u, dataChecksum: _c, ...info } = found.info;
    this.loaded = { info, category: loadClassifier(found.model.category), district: found.model.district ? loadClassifier(found.model.district) : null };
    this.logger.log(`suggestion model v${version} loaded`);
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
