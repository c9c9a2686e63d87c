// Unlimited transactions, one share held at a time: the best profit is the sum of every positive day-to-day rise
// (any longer holding splits into consecutive rises).
export function maxProfit(prices: number[]): number {
  let profit = 0;
  for (let i = 1; i < prices.length; i++) profit += Math.max(0, prices[i] - prices[i - 1]);
  return profit;
}
