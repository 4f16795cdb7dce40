import { Button, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { recentIds } from '../recent';

/**
 * Opens something by its id, for servers that cannot list it yet (the browse endpoints of issue 14):
 * the ids opened lately are offered as links.
 */
export function IdForm({ kind, label, to, note = true }: { kind: string; label: string; to: (id: string) => string; note?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ id: string }>();
  const navigate = useNavigate();
  const recent = recentIds(kind);
  const inputId = `id-form-${kind}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {note && <Typography.Paragraph type="secondary">{t('common.missingEndpoint')}</Typography.Paragraph>}
      <Form
        form={form}
        layout="inline"
        onFinish={({ id }) => {
          navigate(to(id.trim()));
        }}
      >
        <Form.Item name="id" label={<label htmlFor={inputId}>{label}</label>} rules={[{ required: true, message: t('signIn.required', { field: label }) }]}>
          <Input id={inputId} style={{ width: 280 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.open')}
        </Button>
      </Form>
      {recent.length > 0 && (
        <Flex gap={8} wrap align="center">
          <Typography.Text>{t('campaigns.recent')}:</Typography.Text>
          {recent.map((id) => (
            <Tag key={id}>
              <Link to={to(id)}>{id}</Link>
            </Tag>
          ))}
        </Flex>
      )}
    </Space>
  );
}
