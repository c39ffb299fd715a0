import type { CheckinRow } from './checkins.repository';

type Marker = 'circle' | 'square' | 'triangle';

export interface ChartSeries {
  key: 'energy' | 'emotional_load' | 'boundaries';
  label: string;
  colour: string;
  dash: string;
  marker: Marker;
  path: string;
  points: { x: number; y: number; week: number; value: number }[];
}

export interface TrendChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  series: ChartSeries[];
  empty: boolean;
  title: string;
  desc: string;
  rows: { week: number; energy: number; emotionalLoad: number; boundaries: number }[];
}

// Each line differs by dash pattern and marker shape as well as colour, so no meaning rests on colour.
const SERIES: Omit<ChartSeries, 'path' | 'points'>[] = [
  { key: 'energy', label: 'Energy', colour: '#1f6f5c', dash: '', marker: 'circle' },
  { key: 'emotional_load', label: 'Emotional load', colour: '#9a4a00', dash: '7 4', marker: 'square' },
  { key: 'boundaries', label: 'Boundaries protected', colour: '#3a4d9c', dash: '2 3', marker: 'triangle' },
];

const WIDTH = 520;
const HEIGHT = 240;
// The chart shrinks to fit a phone (to about 0.6 of its size at 375 px), so its axis labels are
// large in its own units, and the last week's label keeps clear of the right edge.
const PLOT = { left: 44, right: WIDTH - 32, top: 16, bottom: HEIGHT - 40 };

/** A view model for the server-rendered SVG line chart of a learner's weekly check-ins (values 1–5). */
export function buildTrendChart(history: CheckinRow[], courseWeeks: number): TrendChart {
  const weeks = Math.max(1, courseWeeks, ...history.map((c) => c.week));
  const plotWidth = PLOT.right - PLOT.left;
  const x = (week: number) => round(weeks === 1 ? PLOT.left + plotWidth / 2 : PLOT.left + ((week - 1) * plotWidth) / (weeks - 1));
  const y = (value: number) => round(PLOT.top + ((5 - value) * (PLOT.bottom - PLOT.top)) / 4);
  const sorted = [...history].sort((a, b) => a.week - b.week);
  const series = SERIES.map((s) => {
    const points = sorted.map((c) => ({ week: c.week, value: c[s.key], x: x(c.week), y: y(c[s.key]) }));
    const path = points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
    return { ...s, points, path: points.length > 1 ? path : '' };
  });
  const rows = sorted.map((c) => ({ week: c.week, energy: c.energy, emotionalLoad: c.emotional_load, boundaries: c.boundaries }));
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    xTicks: Array.from({ length: weeks }, (_, i) => ({ x: x(i + 1), label: `Week ${i + 1}` })),
    yTicks: [1, 2, 3, 4, 5].map((v) => ({ y: y(v), label: String(v) })),
    series,
    empty: rows.length === 0,
    title: 'Your weekly check-ins',
    desc: rows.length
      ? `Energy, emotional load and boundaries protected, each from 1 to 5, over ${weeks} weeks. ` +
        rows.map((r) => `Week ${r.week}: energy ${r.energy}, emotional load ${r.emotionalLoad}, boundaries ${r.boundaries}.`).join(' ')
      : `No check-ins yet. After your first weekly check-in, your answers will show here over the ${weeks} weeks of the course.`,
    rows,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
