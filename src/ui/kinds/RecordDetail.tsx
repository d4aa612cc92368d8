import { RECORD_KINDS, titleOf } from '../../domain/kinds.js';
import type { DomainRecord } from '../../domain/model.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { recordStateWords } from './registry.js';

interface Props {
  record: DomainRecord | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
}

/**
 * A record of a kind no panel lists (a monitor opened from a related list): what it is, its
 * state as last read, where it comes from. Its kind's action keys work here.
 */
export function RecordDetail({ record, width, height, footer }: Props) {
  const { glyph: g } = useTheme();
  if (!record) {
    return (
      <DetailFrame
        title="Record"
        width={width}
        height={height}
        fields={[{ label: 'Gone', value: 'This record is no longer in its feed.' }]}
        footer={footer}
      />
    );
  }
  const spec = RECORD_KINDS[record.kind] as unknown as { noun: string; keyOf(r: DomainRecord): string };
  const noun = spec.noun.charAt(0).toUpperCase() + spec.noun.slice(1);
  const url = (record as { url?: string }).url;
  const fields: Field[] = [
    { label: 'Title', value: clean(titleOf(record) ?? g.dash) },
    { label: 'State', value: clean(recordStateWords(record)) },
    { label: 'Source', value: clean(record.source) },
    ...(url ? [{ label: 'URL', value: clean(url) }] : []),
  ];
  return (
    <DetailFrame
      title={`${noun} ${clean(spec.keyOf(record))}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
    />
  );
}
