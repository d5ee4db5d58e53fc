/** The login form. One message for every failure, so it never tells which usernames exist. */
import { BASE, csrfField, page } from '../layout.ts';
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from '../lockout.ts';

export const loginText = {
  failed: `Nama pengguna atau kata sandi salah, atau akun sedang dikunci. Setelah ${MAX_FAILED_LOGINS} kali salah berturut-turut akun dikunci ${LOCK_MINUTES} menit.`,
  intro: 'Masuk dengan akun dasbor Anda. Belum punya akun? Minta kepada admin helpdesk.',
};

export function loginPage(csrf: string, failed: boolean): string {
  return page({
    title: 'Masuk',
    body: `<form method="post" action="${BASE}/login" class="login">
${failed ? `<p class="error" role="alert">${loginText.failed}</p>` : `<p>${loginText.intro}</p>`}
${csrfField(csrf)}
<label>Nama pengguna<input name="username" autocomplete="username" required autofocus></label>
<label>Kata sandi<input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Masuk</button></form>`,
  });
}
