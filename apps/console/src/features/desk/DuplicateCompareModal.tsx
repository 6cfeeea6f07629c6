import { Alert, Button, Card, Col, Descriptions, Empty, Modal, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, CaseView } from '@gridops/contracts';
import { isOpenState, type CaseAction } from '@gridops/domain';
import { useCaseView } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { LightDot, StateTag } from '../../ui/StateTag';
import { conflictSentence } from '../cases/action-errors';
import { ActionForm } from '../cases/ActionForm';
import type { ActionFormValues } from '../cases/action-form-spec';
import { CaseMapLazy } from '../cases/CaseMapLazy';
import { CasePhotos } from '../cases/CasePhotos';
import { useCaseNames } from '../cases/useCaseNames';
import './messages';
import { townTime } from '../../ui/town-time';

/** Metres between two points (equirectangular; the pipeline's duplicate radius is measured the same way). */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const k = Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot((a.lat - b.lat) * 110_540, (a.lng - b.lng) * 111_320 * k);
}

/** "2小时15分" / "2h 15m" between two instants. */
function gap(a: string, b: string, en: boolean): string {
  const minutes = Math.round(Math.abs(new Date(a).getTime() - new Date(b).getTime()) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (en) return h ? `${h}h ${m}m` : `${m}m`;
  return h ? `${h}小时${m}分` : `${m}分钟`;
}

/** Actions that settle a duplicate suggestion, in the order offered: merge it, or take it on as its own case. */
const SETTLING: CaseAction[] = ['merge', 'register', 'send-verify'];

function CaseColumn({ c, view, title, color }: { c: CaseDetail; view: CaseView; title: string; color: string }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const names = useCaseNames();
  return (
    <Card
      size="small"
      className="dup-column"
      title={
        <Space size={6}>
          <span className="dup-swatch" style={{ background: color }} />
          <Typography.Text type="secondary">{title}</Typography.Text>
          <Typography.Text code>{c.number}</Typography.Text>
          <StateTag state={c.state} />
          <LightDot light={c.light} size={8} />
        </Space>
      }
      data-testid="dup-column"
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', minHeight: 44 }} data-testid="dup-description">{c.description}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'cat', label: t('field.category'), children: `${c.categoryCode} ${names.category(c.categoryCode)}` },
          { key: 'src', label: t('field.source'), children: labels.source(c.source) },
          { key: 'at', label: t('field.reportedAt'), children: townTime(c.reportedAt).format('YYYY-MM-DD HH:mm') },
          { key: 'where', label: t('field.grid'), children: `${labels.district(c.districtCode)} · ${names.grid(c.gridCellCode)}` },
          { key: 'addr', label: t('field.address'), children: c.address ?? '—' },
          { key: 'reporter', label: t('field.reporter'), children: c.reporter ? [c.reporter.name, c.reporter.phone].filter(Boolean).join(' · ') : '—' },
        ]}
      />
      <CasePhotos attachments={view.attachments ?? []} size={64} />
    </Card>
  );
}

interface DuplicateCompareModalProps {
  /** the case the pipeline flagged (`suggestedDuplicateOf` set); null closes */
  caseId: string | null;
  onClose: () => void;
}

/**
 * 疑似重复: the new report and the case it probably repeats, side by side (description, photos, place, time), with
 * the actions the state machine offers to settle it: merge into the other case, or register it as its own.
 */
export function DuplicateCompareModal({ caseId, onClose }: DuplicateCompareModalProps) {
  const { t, i18n } = useTranslation('desk');
  const labels = useLabels();
  const mine = useCaseView(caseId ?? undefined);
  const otherId = mine.data?.case.suggestedDuplicateOf ?? undefined;
  const other = useCaseView(otherId);
  const [chosen, setChosen] = useState<{ action: CaseAction; values: ActionFormValues } | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  const close = () => {
    setChosen(null);
    setConflict(null);
    onClose();
  };

  const body = () => {
    if (mine.isLoading || (otherId && other.isLoading)) return <Skeleton active paragraph={{ rows: 8 }} />;
    const a = mine.data;
    if (!a) return <Empty description={t('file.notFound', { ns: 'cases' })} />;
    if (!otherId) return <Empty description={t('duplicate.none')} />;
    const b = other.data;
    if (!b) return <Empty description={t('file.notFound', { ns: 'cases' })} />;
    const otherOpen = isOpenState(b.case.state);
    const offered = SETTLING.filter((x) => a.allowedActions.includes(x) && (x !== 'merge' || otherOpen));
    const metres = Math.round(metresBetween(a.case.location, b.case.location));
    return (
      <>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="dup-facts">
          {t('duplicate.distance', { m: metres })} · {t('duplicate.gap', { t: gap(a.case.reportedAt, b.case.reportedAt, i18n.language === 'en') })}
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col span={12}>
            <CaseColumn c={a.case} view={a} title={t('duplicate.thisCase')} color="#f5222d" />
          </Col>
          <Col span={12}>
            <CaseColumn c={b.case} view={b} title={t('duplicate.otherCase')} color="#1668dc" />
          </Col>
        </Row>
        <div style={{ marginTop: 12 }}>
          <CaseMapLazy
            point={a.case.location}
            color="#f5222d"
            others={[{ point: b.case.location, color: '#1668dc' }]}
            districtCode={a.case.districtCode}
            gridCellCode={a.case.gridCellCode}
            height={200}
          />
        </div>
        {conflict && <Alert type="warning" showIcon title={conflict} style={{ marginTop: 12 }} data-testid="conflict-notice" />}
        {!otherOpen && <Alert type="info" showIcon title={t('duplicate.otherClosed')} style={{ marginTop: 12 }} />}
        <div className="dup-actions">
          {chosen ? (
            <ActionForm
              key={chosen.action}
              view={a}
              action={chosen.action}
              initialValues={chosen.values}
              onCancel={() => setChosen(null)}
              onDone={close}
              onConflict={() => {
                setChosen(null);
                void Promise.all([mine.refetch(), other.refetch()]).then(([fresh]) =>
                  setConflict(
                    conflictSentence(
                      i18n.getFixedT(i18n.language),
                      fresh.data?.timeline.at(-1),
                      (x) => (x === 'report' ? t('event.report', { ns: 'cases' }) : labels.action(x)),
                      (iso) => townTime(iso).format('HH:mm'),
                    ),
                  ),
                );
              }}
            />
          ) : (
            <Space wrap>
              {offered.map((x) =>
                x === 'merge' ? (
                  <Button key={x} type="primary" onClick={() => setChosen({ action: x, values: { targetCaseId: b.case.id } })} data-testid="dup-merge">
                    {t('duplicate.merge', { number: b.case.number })}
                  </Button>
                ) : (
                  <Button
                    key={x}
                    onClick={() => setChosen({ action: x, values: { note: t('duplicate.dismissNote', { number: b.case.number }) } })}
                    data-testid={`dup-dismiss-${x}`}
                  >
                    {t('duplicate.dismiss', { action: labels.action(x) })}
                  </Button>
                ),
              )}
            </Space>
          )}
        </div>
      </>
    );
  };

  return (
    <Modal open={!!caseId} title={t('duplicate.title')} onCancel={close} footer={null} width={960} destroyOnHidden>
      <div data-testid="dup-compare">{body()}</div>
    </Modal>
  );
}
