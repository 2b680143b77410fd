/** What the drift engine says of one feature, as a drift card shows it (English: the source). */
export const driftDetail = {
  /** A feature the source binned: its bin width and unit (`binned to 10 ms`). */
  binnedTo: 'binned to {{width}}{{unit}}',
};
