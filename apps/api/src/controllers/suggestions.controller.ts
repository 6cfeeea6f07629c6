import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { suggestionsQuerySchema, type SuggestionModelInfo, type SuggestionsView } from '@gridops/contracts';
import { Roles, SuggestionService, ZodPipe } from '@gridops/server';
import type { z } from 'zod';

/**
 * Category (类别) and 片区 suggestions from a description (人机协同, docs/suggestions.md): the desk's intake form and
 * the 12345 import preview show them; the operator's choice is what is saved.
 */
@ApiTags('suggestions')
@ApiBearerAuth()
@Controller('suggestions')
@Roles('operator', 'shift_lead', 'admin')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionService) {}

  /** Top 3 categories and 片区 with confidence and the model version; no model yet → empty lists, `modelVersion: null`. */
  @Get('category')
  category(@Query(new ZodPipe(suggestionsQuerySchema)) query: z.output<typeof suggestionsQuerySchema>): Promise<SuggestionsView> {
    return this.suggestions.suggest(query.text);
  }

  /** The model in use and its held-out figures; `null` when there is none. */
  @Get('model')
  async model(): Promise<{ model: SuggestionModelInfo | null }> {
    return { model: await this.suggestions.current() };
  }
}
