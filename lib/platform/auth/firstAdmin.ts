/** The command that adds the first admin, as `retrace users`, the studio launcher and /sign-in show it. */
export const FIRST_ADMIN_COMMAND = "npm run --silent retrace -- users add you@example.com --name 'Your Name' --role admin";
