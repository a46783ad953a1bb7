/**
 * Pays a Checkout session the way a browser submits the emulator's hosted page: GET the page, POST the card form.
 * Returns the status of the POST (a redirect when paid).
 */
export async function payCheckout(url: string, cardNumber = '4242424242424242'): Promise<number> {
  const page = await fetch(url);
  await page.text();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      card_number: cardNumber,
      expiry: '12 / 34',
      cvc: '123',
      name: 'Test',
    }).toString(),
    redirect: 'manual',
  });
  await response.text();
  return response.status;
}
