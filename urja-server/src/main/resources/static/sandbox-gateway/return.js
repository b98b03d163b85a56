// Takes the payer back to the merchant with the signed callback as soon as the page loads (the button is the fallback).
document.getElementById('return-form').submit();
