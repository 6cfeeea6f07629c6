import { Alert, Button, Card, Col, ConfigProvider, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { HttpError } from '../../api/http';
import { useCaseView } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { LIGHT_COLORS } from '../../ui/countdown';
import { conflictSentence } from './action-errors';
import type { ActionFormValues } from './action-form-spec';
import { ActionPanel } from './ActionPanel';
import type { PhotoUploader } from './attachments-api';
import { CaseDeadlines } from './CaseDeadlines';
import { CaseFacts } from './CaseFacts';
import { CaseFlags } from './CaseFlags';
import { CaseLinks } from './CaseLinks';
import { CaseMapLazy } from './CaseMapLazy';
import { CasePhotos } from './CasePhotos';
import { CaseTimeline } from './CaseTimeline';
import './case-file.css';
import './messages';
import { townTime } from '../../ui/town-time';

export interface CaseFileContentProps {
  caseId: string;
  /** the drawer is one narrow column, newest events first; the page has two columns and prints */
  variant: 'drawer' | 'page';
  /** open the side-by-side comparison with the suggested duplicate (the desk provides it) */
  onCompareDuplicate?: (view: CaseView) => void;
  /** open an action's form right away */
  initialAction?: { action: CaseAction; values?: ActionFormValues } | null;
  uploader?: PhotoUploader;
  /** rendered above the facts (the page puts its title and print button there) */
  header?: (view: CaseView) => ReactNode;
}

/** 疑似重复: names the case this one probably repeats, with the comparison (desk) or a link to it (case file). */
function DuplicateBanner({ otherId, onCompare }: { otherId: string; onCompare?: () => void }) {
  const { t } = useTranslation('cases');
  const other = useCaseView(otherId);
  const number = other.data?.case.number ?? '…';
  return (
    <Alert
      type="info"
      showIcon
      className="no-print"
      style={{ marginBottom: 12 }}
      title={t('duplicate.banner', { number })}
      data-testid="duplicate-banner"
      action={
        onCompare ? (
          <Button size="small" onClick={onCompare} data-testid="compare-duplicate">{t('duplicate.compare')}</Button>
        ) : (
          <Link to={`/cases/${otherId}`}><Button size="small">{t('duplicate.open')}</Button></Link>
        )
      }
    />
  );
}

function Section({ title, children, extra, className }: { title: string; children: ReactNode; extra?: ReactNode; className?: string }) {
  return (
    <Card size="small" title={title} extra={extra} className={`case-section ${className ?? ''}`} styles={{ body: { padding: 12 } }}>
      {children}
    </Card>
  );
}

/**
 * One case, complete: flags, deadlines with a live countdown, exactly the actions allowed, facts, map, photos and
 * the timeline. The drawer and the case file page both show this; a 409 on an action is explained here, above the
 * case as just reloaded.
 */
export function CaseFileContent({ caseId, variant, onCompareDuplicate, initialAction, uploader, header }: CaseFileContentProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const query = useCaseView(caseId);
  const [conflict, setConflict] = useState<string | null>(null);

  if (query.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError || !query.data) {
    const missing = query.error instanceof HttpError && (query.error.status === 404 || query.error.status === 403);
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('file.notFound') : t('file.loadFailed')}
        subTitle={!missing && query.error instanceof Error ? query.error.message : undefined}
        extra={!missing && <Button onClick={() => void query.refetch()}>{t('action.retry', { ns: 'common' })}</Button>}
      />
    );
  }
  const view = query.data;
  const c = view.case;
  const attachments = view.attachments ?? [];

  const onConflict = async () => {
    const fresh = await query.refetch();
    const latest = fresh.data?.timeline.at(-1);
    setConflict(conflictSentence(t, latest, (a) => (a === 'report' ? t('event.report') : labels.action(a)), (iso) => townTime(iso).format('HH:mm')));
  };

  const conflictBanner = conflict && (
    <Alert type="warning" showIcon closable={{ onClose: () => setConflict(null) }} title={conflict} className="no-print" data-testid="conflict-notice" style={{ marginBottom: 12 }} />
  );
  const duplicateBanner = c.suggestedDuplicateOf && c.state === 'REPORTED' && (
    <DuplicateBanner otherId={c.suggestedDuplicateOf} onCompare={onCompareDuplicate ? () => onCompareDuplicate(view) : undefined} />
  );
  const actions = (
    <Section title={t('section.actions')} className="no-print">
      <ActionPanel key={c.id} view={view} refreshing={query.isFetching} onConflict={() => void onConflict()} uploader={uploader} initial={initialAction} onDone={() => setConflict(null)} />
    </Section>
  );
  const deadlines = (
    <Section title={t('section.deadlines')}>
      <CaseDeadlines c={c} />
    </Section>
  );
  const facts = (
    <Section title={t('section.summary')} extra={<CaseFlags c={c} onDuplicate={onCompareDuplicate ? () => onCompareDuplicate(view) : undefined} />}>
      <CaseFacts c={c} column={2} />
    </Section>
  );
  const caseLinks = <CaseLinks caseId={c.id} />;
  const map = (
    <Section title={t('section.map')} className="case-map-section">
      <CaseMapLazy point={c.location} districtCode={c.districtCode} gridCellCode={c.gridCellCode} color={c.light ? LIGHT_COLORS[c.light] : '#1668dc'} height={variant === 'drawer' ? 200 : 260} />
    </Section>
  );
  const photos = (
    <Section title={`${t('section.photos')}${attachments.length ? ` (${attachments.length})` : ''}`}>
      <CasePhotos attachments={attachments} size={variant === 'drawer' ? 72 : 96} />
    </Section>
  );
  const timeline = (
    <Section title={t('section.timeline')}>
      <CaseTimeline timeline={view.timeline} attachments={attachments} newestFirst={variant === 'drawer'} />
    </Section>
  );

  if (variant === 'drawer') {
    return (
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-file" data-case-id={c.id}>
          {header?.(view)}
          {conflictBanner}
          {duplicateBanner}
          {actions}
          {deadlines}
          {facts}
          {caseLinks}
          {timeline}
          <Row gutter={12}>
            <Col span={14}>{map}</Col>
            <Col span={10}>{photos}</Col>
          </Row>
        </Space>
      </ConfigProvider>
    );
  }
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <div className="case-file-page" data-testid="case-file" data-case-id={c.id}>
        {header?.(view)}
        {conflictBanner}
        {duplicateBanner}
        <Row gutter={16} className="case-file-columns">
          <Col xs={24} lg={15} className="case-file-main">
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {facts}
              {caseLinks}
              {timeline}
            </Space>
          </Col>
          <Col xs={24} lg={9} className="case-file-side">
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {actions}
              {deadlines}
              {map}
              {photos}
            </Space>
          </Col>
        </Row>
        <Typography.Text type="secondary" className="print-only print-footer">
          {c.number} · {labels.state(c.state)}
        </Typography.Text>
      </div>
    </ConfigProvider>
  );
}
