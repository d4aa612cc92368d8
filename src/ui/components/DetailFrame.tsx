import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme/use-theme.js';

export interface Field {
  label: string;
  value: string;
  tone?: 'danger' | 'warn' | 'ok';
}

interface Props {
  title: string;
  width: number;
  height: number;
  fields: readonly Field[];
  footer?: ReactNode;
  /** Set when the record's source is stale: shown under the title, and every value is drawn dim. */
  stale?: string;
}

/** A focused record's every field as label/value lines, clipped to the box. */
export function DetailFrame({ title, width, height, fields, footer, stale }: Props) {
  const theme = useTheme();
  const inner = Math.max(0, width - 2);
  const label = Math.min(16, Math.max(...fields.map((f) => f.label.length), 4) + 1);
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end">{`${theme.glyph.pointer} ${title}`}</Text>
      {stale ? (
        <Text wrap="wrap" color={theme.c('warn')}>
          {stale}
        </Text>
      ) : null}
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {fields.map((f) => (
          <Box key={f.label} width={inner}>
            <Box width={label} flexShrink={0}>
              <Text dimColor>{f.label}</Text>
            </Box>
            <Text
              wrap="truncate-end"
              color={f.tone ? theme.c(f.tone) : undefined}
              dimColor={stale !== undefined}
            >
              {f.value}
            </Text>
          </Box>
        ))}
      </Box>
      {footer ? <Box height={1}>{footer}</Box> : null}
    </Box>
  );
}
