import { Box, Text } from 'ink';
import { Fragment } from 'react';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  hints: readonly { id: string; key: string; label: string }[];
  width: number;
}

/** The keys that work right now, generated from the registry for the active scope. */
export function Footer({ hints, width }: Props) {
  const theme = useTheme();
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {hints.map((h, i) => (
          <Fragment key={h.id}>
            {i > 0 ? '  ' : ''}
            <Text bold color={theme.c('accent')} inverse={!theme.color}>
              {h.key}
            </Text>
            {` ${h.label}`}
          </Fragment>
        ))}
      </Text>
    </Box>
  );
}
