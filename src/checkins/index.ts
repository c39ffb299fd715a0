export { checkinsRouter } from './checkins.routes';
export { checkinTrend, type CheckinOwner } from './checkins.service';
export { buildTrendChart, type TrendChart } from './checkins.chart';
