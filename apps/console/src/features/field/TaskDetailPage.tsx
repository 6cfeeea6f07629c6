import { CompassOutlined, EllipsisOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Result, Skeleton, Tag } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { CaseView } from '@gridops/contracts';
import { HttpError } from '../../api/http';
import { useCaseView, useCategories, useGridCells } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { Countdown } from '../../ui/Countdown';
import { StateTag } from '../../ui/StateTag';
import { ActionSheet } from './ActionSheet';
import { fieldActions, formOf, type FieldAction } from './field-actions';
import { FieldTimeline } from './FieldTimeline';
import { navigateLinks } from './navigate-links';
import { useMeRequired } from '../../auth/AuthProvider';
import { projectQueued, type ProjectedTask } from './offline-projection';
import { useOutboxEntries } from './outbox/OutboxProvider';
import { savePhotos } from '../../offline/photo-cache';
import { OfflineNotice } from './OfflineNotice';
import { PhotoGallery } from './PhotoGallery';
import { taskClock } from './task-sort';
import { useSubmitAction } from './useSubmitAction';
import { townTime } from '../../ui/town-time';

const AreaMap = lazy(() => import('./AreaMap'));

/** One task: what and where, the photos, the point on a small offline map with navigation, the steps, the actions. */
export default function TaskDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation('field');
  const { t: tc } = useTranslation();
  const query = useCaseView(id);
  if (query.isLoading) return <div className="field-section"><Skeleton active paragraph={{ rows: 6 }} /></div>;
  if (!query.data) {
    const notFound = query.error instanceof HttpError && (query.error.status === 404 || query.error.status === 400);
    return (
      <Result
        status={notFound ? '404' : 'warning'}
        title={notFound ? t('detail.notFound') : t('detail.loadFailed')}
        extra={!notFound && <Button size="large" onClick={() => void query.refetch()}>{tc('action.retry')}</Button>}
      />
    );
  }
  return <TaskDetail view={query.data} savedAt={query.dataUpdatedAt} />;
}

function TaskDetail({ view: known, savedAt }: { view: CaseView; savedAt: number }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const me = useMeRequired();
  const categories = useCategories().data;
  const category = categories?.find((x) => x.code === known.case.categoryCode);
  // with actions still waiting to be sent, the task is shown as they will leave it, so the worker can go on
  const entries = useOutboxEntries();
  const task = useMemo(() => projectQueued(known, entries, me, category), [known, entries, me, category]);
  const { view } = task;
  const c = view.case;
  const cells = useGridCells().data;
  const cell = cells?.find((x) => x.code === c.gridCellCode);
  const areas = useMemo(
    () => (cells ?? []).filter((x) => x.districtCode === c.districtCode).map((x) => ({ code: x.code, name: labels.name(x.nameZh, x.nameEn), geometry: x.geometry, highlight: x.code === c.gridCellCode })),
    // labels is a new object each render; only its language matters
    [cells, c.districtCode, c.gridCellCode, labels.lang],
  );
  const point = useMemo(() => ({ lat: c.location.lat, lng: c.location.lng }), [c.location.lat, c.location.lng]);
  const clock = taskClock(c);
  const { primary, more } = fieldActions(view.allowedActions);
  const categoryName = category ? labels.name(category.nameZh, category.nameEn) : c.categoryCode;
  const [navOpen, setNavOpen] = useState(false);
  // an opened task's photos are kept for offline too (once each)
  useEffect(() => {
    void savePhotos(known.attachments ?? []).catch(() => undefined);
  }, [known.attachments]);

  return (
    <div data-testid="task-detail" data-state={c.state}>
      <OfflineNotice what="task" savedAt={savedAt} />
      <section className="field-section field-head">
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <h2 className="cat">{categoryName}</h2>
          <StateTag state={c.state} />
        </div>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, marginTop: 4, flexWrap: 'wrap' }}>
          <span className="num">{c.number}</span>
          {c.urgent && <Tag color="red">{t('list.urgent')}</Tag>}
          {c.supervised && <Tag color="volcano">{t('list.supervised')}</Tag>}
          {c.reworkCount > 0 && <Tag color="orange">{t('detail.rework', { n: c.reworkCount })}</Tag>}
          {c.extensionCount > 0 && <Tag>{t('detail.extension', { n: c.extensionCount })}</Tag>}
        </div>
        {clock && (
          <div style={{ marginTop: 8, display: 'flex', alignItems: 'baseline', gap: 8 }} data-testid="task-clock" data-measure={clock.measure}>
            <span style={{ color: '#5c6573' }}>{t(`clock.${clock.measure}`)}</span>
            <span className="due-big"><Countdown dueAt={clock.dueAt} yellowAt={clock.yellowAt} light={c.light} /></span>
            <span style={{ color: '#5c6573', fontSize: 13 }} data-testid="task-clock-at">{townTime(clock.dueAt).format('MM-DD HH:mm')}</span>
          </div>
        )}
      </section>

      <QueuedHere task={task} />

      <section className="field-section">
        <h2>{t('detail.description')}</h2>
        <p className="field-desc">{c.description}</p>
        <dl className="field-kv">
          <dt>{t('detail.address')}</dt>
          <dd>{c.address || '—'}</dd>
          <dt>{t('detail.grid')}</dt>
          <dd>{labels.district(c.districtCode)} · {cell ? labels.name(cell.nameZh, cell.nameEn) : c.gridCellCode}</dd>
          <dt>{t('detail.reported')}</dt>
          <dd>{townTime(c.reportedAt).format('YYYY-MM-DD HH:mm')}</dd>
          <dt>{t('detail.source')}</dt>
          <dd>{labels.source(c.source)}</dd>
          {c.reporter && (c.reporter.name || c.reporter.phone) && (
            <>
              <dt>{t('detail.reporter')}</dt>
              <dd>
                {c.reporter.name}
                {/* a masked number (138****1234, as grid workers see it) is shown, not dialled */}
                {c.reporter.phone &&
                  (c.reporter.phone.includes('*') ? (
                    <span style={{ marginLeft: 8 }}>{c.reporter.phone}</span>
                  ) : (
                    <a href={`tel:${c.reporter.phone}`} style={{ marginLeft: 8 }}>
                      <PhoneOutlined /> {c.reporter.phone}
                    </a>
                  ))}
              </dd>
            </>
          )}
        </dl>
      </section>

      <section className="field-section">
        <h2>
          <span className="grow">{t('detail.map')}</span>
          <Button type="primary" icon={<CompassOutlined />} onClick={() => setNavOpen(true)} style={{ height: 40 }} data-testid="navigate">
            {t('detail.navigate')}
          </Button>
        </h2>
        <Suspense fallback={<div className="field-map" />}>
          <AreaMap areas={areas} point={point} />
        </Suspense>
        <div style={{ marginTop: 6, fontSize: 12, color: '#5f6878' }}>
          {t('detail.coordinates')} {point.lat.toFixed(6)}, {point.lng.toFixed(6)}
        </div>
      </section>

      <section className="field-section">
        <h2>{t('detail.photos')}</h2>
        <PhotoGallery photos={view.attachments ?? []} />
      </section>

      <section className="field-section">
        <h2>{t('detail.timeline')}</h2>
        <FieldTimeline events={view.timeline} attachments={view.attachments ?? []} />
      </section>

      <NavigateSheet open={navOpen} onClose={() => setNavOpen(false)} point={point} label={`${c.number} ${categoryName}`} />
      <ActionBar view={view} after={task.after} primary={primary} more={more} afterPhotoRequired={category?.afterPhotoRequired ?? false} />
    </div>
  );
}

/** What this task still has waiting to be sent, in order; a refusal (the case moved meanwhile) said plainly. */
function QueuedHere({ task }: { task: ProjectedTask }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const navigate = useNavigate();
  if (task.queued.length === 0) return null;
  const refused = task.queued.find((e) => e.status === 'failed');
  const names = task.queued.map((e) => labels.action(e.action)).join(' → ');
  return (
    <div className={`field-banner${refused ? ' refused' : ''}`} role="status" data-testid="queued-here" data-refused={refused ? 'true' : 'false'}>
      <span className="grow">
        {refused ? t('detail.queuedRefused', { action: labels.action(refused.action) }) : t('detail.queuedHere', { actions: names })}
        {!task.projected && !refused && ` ${t('detail.queuedWait')}`}
      </span>
      <Button onClick={() => void navigate('/field/outbox')} data-testid="queued-open">{t('pending.tap')}</Button>
    </div>
  );
}

function NavigateSheet({ open, onClose, point, label }: { open: boolean; onClose: () => void; point: { lat: number; lng: number }; label: string }) {
  const { t } = useTranslation('field');
  const { message } = App.useApp();
  const links = navigateLinks(point, label);
  const copy = async () => {
    await navigator.clipboard?.writeText(`${point.lat.toFixed(6)},${point.lng.toFixed(6)}`);
    void message.success(t('detail.copied'));
  };
  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="auto" title={t('detail.navigate')} className="field-sheet">
      <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }} data-testid="navigate-sheet">
        <Button href={links.geo} block className="field-big-btn" type="primary">{t('detail.navSystem')}</Button>
        <Button href={links.amap} target="_blank" rel="noopener noreferrer" block className="field-big-btn">{t('detail.navAmap')}</Button>
        <Button href={links.baidu} target="_blank" rel="noopener noreferrer" block className="field-big-btn">{t('detail.navBaidu')}</Button>
        <Button block className="field-big-btn" type="text" onClick={() => void copy()}>{t('detail.copyCoords')}</Button>
      </div>
    </Drawer>
  );
}

/** The actions `allowedActions` offers, as big buttons above the bottom navigation; requests behind "更多". */
function ActionBar({ view, after, primary, more, afterPhotoRequired }: { view: CaseView; after: string | null; primary: FieldAction[]; more: FieldAction[]; afterPhotoRequired: boolean }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const { modal } = App.useApp();
  const submit = useSubmitAction(view, after);
  const [open, setOpen] = useState<FieldAction | null>(null);
  const [moreOpen, setMoreOpen] = useState(false);
  const [busy, setBusy] = useState<FieldAction | null>(null);
  if (primary.length + more.length === 0) return null;
  // up to three buttons fit a phone: the steps forward first; the rest go behind "更多"
  const all = [...primary, ...more];
  const shown = all.length <= 3 ? all : primary.length ? primary.slice(0, 2) : all.slice(0, 2);
  const hidden = all.filter((a) => !shown.includes(a));

  const start = (action: FieldAction) => {
    setMoreOpen(false);
    if (!formOf(action).instant) return setOpen(action);
    // one tap, confirmed: nothing to fill in (签收, 恢复处置)
    modal.confirm({
      title: t('action.instantConfirm', { action: labels.action(action) }),
      okText: labels.action(action),
      okButtonProps: { size: 'large', autoInsertSpace: false },
      cancelButtonProps: { size: 'large' },
      centered: true,
      onOk: async () => {
        setBusy(action);
        try {
          await submit(action, { note: '', photoCount: {} }, []);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  return (
    <>
      <div className="field-actions" data-testid="action-bar">
        {shown.map((a, i) => (
          <Button
            key={a}
            type={i === 0 && primary.includes(a) ? 'primary' : 'default'}
            autoInsertSpace={false}
            danger={formOf(a).danger}
            loading={busy === a}
            onClick={() => start(a)}
            data-testid={`action-${a}`}
          >
            {labels.action(a)}
          </Button>
        ))}
        {hidden.length > 0 && (
          <Button className="more" icon={<EllipsisOutlined />} onClick={() => setMoreOpen(true)} data-testid="action-more">
            {t('detail.more')}
          </Button>
        )}
      </div>
      <div style={{ height: 76 }} />
      <Drawer open={moreOpen} onClose={() => setMoreOpen(false)} placement="bottom" size="auto" title={t('detail.actions')} className="field-sheet">
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
          {hidden.map((a) => (
            <Button key={a} block autoInsertSpace={false} className="field-big-btn" danger={formOf(a).danger} onClick={() => start(a)} data-testid={`action-${a}`}>
              {labels.action(a)}
            </Button>
          ))}
        </div>
      </Drawer>
      {open && <ActionSheet action={open} view={view} after={after} afterPhotoRequired={afterPhotoRequired} onClose={() => setOpen(null)} />}
    </>
  );
}
