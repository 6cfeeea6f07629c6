import { ArrowLeftOutlined, LinkOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCaseView } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { LightDot, StateTag } from '../../ui/StateTag';
import { CaseFileContent } from './CaseFileContent';
import { CaseFlags } from './CaseFlags';
import './messages';
import { townTime } from '../../ui/town-time';

/** `/cases/:id` — the case file (案卷) as a shareable link, printable on one click. */
export default function CaseFilePage() {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const me = useMeRequired();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const number = useCaseView(id).data?.case.number;
  useEffect(() => {
    if (!number) return;
    const before = document.title;
    // the browser's print header and saved-PDF name carry the case number
    document.title = `${number} · ${t('file.title')}`;
    return () => {
      document.title = before;
    };
  }, [number, t]);

  return (
    <div style={{ maxWidth: 1280, margin: '0 auto' }}>
      <CaseFileContent
        caseId={id}
        variant="page"
        header={(view) => {
          const c = view.case;
          return (
            <>
              <div className="case-file-title">
                <Button className="no-print" size="small" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? void navigate(-1) : void navigate('/'))}>
                  {t('file.back')}
                </Button>
                <Typography.Title level={3} data-testid="case-number">
                  {t('file.title')} {c.number}
                </Typography.Title>
                <LightDot light={c.light} size={12} />
                <StateTag state={c.state} />
                <CaseFlags c={c} />
                <span style={{ flex: 1 }} />
                <Space className="no-print">
                  <Button
                    size="small"
                    icon={<LinkOutlined />}
                    onClick={() => void navigator.clipboard?.writeText(window.location.href).then(() => message.success(t('file.linkCopied')))}
                  >
                    {t('file.copyLink')}
                  </Button>
                  <Button size="small" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-case">
                    {t('file.print')}
                  </Button>
                </Space>
              </div>
              <Typography.Paragraph type="secondary" className="print-only" style={{ marginTop: -8 }}>
                {t('app.title', { ns: 'common' })} · {labels.district(c.districtCode)} ·{' '}
                {t('file.printedAt', { at: townTime().format('YYYY-MM-DD HH:mm'), name: me.displayName })}
              </Typography.Paragraph>
            </>
          );
        }}
      />
    </div>
  );
}
