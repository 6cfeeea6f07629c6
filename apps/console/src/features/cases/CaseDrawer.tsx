import { ExportOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Drawer, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { useCaseView } from '../../api/queries';
import { LightDot, StateTag } from '../../ui/StateTag';
import type { ActionFormValues } from './action-form-spec';
import { CaseFileContent } from './CaseFileContent';
import './messages';

export interface CaseDrawerProps {
  /** the case shown; null closes the drawer */
  caseId: string | null;
  onClose: () => void;
  /** previous / next case of the list it was opened from (also j / k on the desk) */
  onPrev?: () => void;
  onNext?: () => void;
  onCompareDuplicate?: (view: CaseView) => void;
  initialAction?: { action: CaseAction; values?: ActionFormValues } | null;
}

/** One case beside the list it came from: everything of the case file, and Esc closes it. */
export function CaseDrawer({ caseId, onClose, onPrev, onNext, onCompareDuplicate, initialAction }: CaseDrawerProps) {
  const { t } = useTranslation('cases');
  const view = useCaseView(caseId ?? undefined);
  const c = view.data?.case.id === caseId ? view.data?.case : undefined;
  return (
    <Drawer
      open={!!caseId}
      onClose={onClose}
      size={760}
      keyboard
      mask={{ closable: true }}
      destroyOnHidden
      styles={{ body: { padding: 12, background: '#f5f7fa' }, header: { padding: '10px 16px' } }}
      title={
        c ? (
          <Space size={8} data-testid="drawer-title">
            <LightDot light={c.light} />
            <Typography.Text strong copyable={{ text: c.number }} style={{ fontSize: 16 }}>{c.number}</Typography.Text>
            <StateTag state={c.state} />
          </Space>
        ) : (
          ' '
        )
      }
      extra={
        <Space size={4}>
          {onPrev && (
            <Tooltip title="k">
              <Button size="small" icon={<LeftOutlined />} onClick={onPrev} aria-label="previous" />
            </Tooltip>
          )}
          {onNext && (
            <Tooltip title="j">
              <Button size="small" icon={<RightOutlined />} onClick={onNext} aria-label="next" />
            </Tooltip>
          )}
          {caseId && (
            <Link to={`/cases/${caseId}`} target="_blank" rel="noopener">
              <Button size="small" icon={<ExportOutlined />} data-testid="open-case-file">{t('file.openFile')}</Button>
            </Link>
          )}
        </Space>
      }
      data-testid="case-drawer"
    >
      {caseId && <CaseFileContent key={caseId} caseId={caseId} variant="drawer" onCompareDuplicate={onCompareDuplicate} initialAction={initialAction} />}
    </Drawer>
  );
}
