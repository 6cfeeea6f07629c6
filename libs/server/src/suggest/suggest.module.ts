import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { SuggestionModelStore } from './suggestion-model.store';
import { SuggestionService } from './suggestion.service';
import { SuggestionTrainer } from './suggestion-trainer.service';

/** Category and 片区 suggestions from text (docs/suggestions.md): the trainer (worker's job), the store, the serving side (api). */
@Module({
  imports: [DirectoryModule],
  providers: [SuggestionModelStore, SuggestionTrainer, SuggestionService],
  exports: [SuggestionModelStore, SuggestionTrainer, SuggestionService],
})
export class SuggestModule {}
