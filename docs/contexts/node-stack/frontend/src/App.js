export default function App() {
  return <h1>Hello from React in nginx</h1>;
}
