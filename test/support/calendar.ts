import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './app.ts';

/** A 24/7 calendar file, so SLA clocks run in tests whatever the hour. */
export function allDayCalendarFile(): string {
  const file = path.join(tempDir('kalender'), 'calendar.yaml');
  fs.writeFileSync(file, 'mode: "24/7"\nzone: WIB\nnational_holidays: false\n');
  return file;
}
