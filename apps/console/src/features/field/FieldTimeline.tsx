import { useTranslation } from 'react-i18next';
import type { AttachmentView, CaseEventView } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { eventNoteText } from '../../ui/event-note';
import { PhotoStrip } from './PhotoGallery';
import { townTime } from '../../ui/town-time';
// the 'cases' texts (timeline.system) register with this import: the phone never loads the case file's code
import '../cases/messages';

/** The case's steps (流转记录), newest first: what, who, when, the note and the photos it brought. */
export function FieldTimeline({ events, attachments }: { events: CaseEventView[]; attachments: AttachmentView[] }) {
  const { t } = useTranslation('field');
  const { t: tc } = useTranslation('cases');
  const labels = useLabels();
  const byId = new Map(attachments.map((a) => [a.id, a]));
  return (
    <ol className="field-timeline" data-testid="field-timeline">
      {[...events].reverse().map((e) => {
        const photos = (e.attachmentIds ?? []).map((id) => byId.get(id)).filter((a): a is AttachmentView => !!a);
        return (
          <li key={e.seq}>
            <span className="when">{townTime(e.at).format('MM-DD HH:mm')}</span>
            <div>
              <span className="what">{e.type === 'report' ? t('outbox.report') : labels.action(e.type)}</span>
              {e.fromState !== e.toState && <span className="who"> → {labels.state(e.toState)}</span>}
            </div>
            <div className="who">
              {e.actor.role === 'system' ? tc('timeline.system') : `${e.actor.name} · ${labels.role(e.actor.role)}`}
            </div>
            {eventNoteText(e, labels.lang) && <div className="note">{eventNoteText(e, labels.lang)}</div>}
            {photos.length > 0 && <PhotoStrip photos={photos} />}
          </li>
        );
      })}
    </ol>
  );
}
